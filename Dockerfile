# The ctlive image: the installed wheel in a virtualenv, static files collected at build,
# served by gunicorn as a non-root user. The same image runs the job worker
# (`ctlive job_worker`) and one-off commands (`ctlive migrate`); compose.yaml wires them up.
ARG PYTHON_IMAGE=python:3.12-slim

FROM ${PYTHON_IMAGE} AS build
# PEM text of a proxy's CA that downloads during the build must trust; used in this stage only.
ARG EXTRA_CA_PEM=""
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY pyproject.toml ./
COPY ctlive ctlive
COPY racing racing
COPY api api
COPY docsite docsite
COPY console console
RUN if [ -n "$EXTRA_CA_PEM" ]; then \
        printf '%s\n' "$EXTRA_CA_PEM" | cat /etc/ssl/certs/ca-certificates.crt - > /tmp/ca.pem; \
        export PIP_CERT=/tmp/ca.pem; \
    fi \
    && python3 -m venv /opt/ctlive \
    && /opt/ctlive/bin/pip install --no-compile . \
    && rm -f /tmp/ca.pem

FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/ctlive --create-home ctlive
COPY --from=build /opt/ctlive /opt/ctlive
ENV PATH=/opt/ctlive/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CTLIVE_DATA_DIR=/var/lib/ctlive \
    STATIC_ROOT=/opt/ctlive/staticfiles \
    LOG_FORMAT=json \
    LOG_LEVEL=INFO
# Collected once, into the image (read-only for the server); WhiteNoise serves them.
RUN ctlive collectstatic --noinput -v0
USER 10001:10001
WORKDIR /var/lib/ctlive
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
# No gunicorn access log: the application writes one JSON line per request itself.
CMD ["gunicorn", "ctlive.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "8"]
