"""Calling the API's write operations in-process as the demo accounts."""
import json

from django.conf import settings

from .api_client import basic


class Writer:
    def __init__(self, client, login, password):
        self.client, self.headers = client, basic(login, password)

    def call(self, method, path, body=None, content_type="application/json", **params):
        query = "&".join(f"{k}={v}" for k, v in {"client_id": settings.DEMO_CLIENT_ID, **params}.items())
        data = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        return getattr(self.client, method)(f"{path}?{query}", data=data, content_type=content_type,
                                            headers=self.headers)

    def ok(self, method, path, body=None, **params):
        response = self.call(method, path, body, **params)
        assert response.status_code == 200, response.content
        return response.json()

    def replies(self, path, body, envelope):
        return self.ok("post", path, body)[envelope]
