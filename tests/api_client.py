"""Small helpers for calling the served API as the demo accounts."""
import base64
import hashlib


def basic(login, password):
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def sha1_hex(password):
    return hashlib.sha1(password.encode()).hexdigest()


class Caller:
    """Calls the served API as one account, by Basic auth or by the test scheme."""

    def __init__(self, served, client_id, login, password, scheme="basic"):
        self.served, self.client_id, self.login, self.password, self.scheme = served, client_id, login, password, scheme

    def get(self, path, params=None, headers=None):
        query = {"client_id": self.client_id, **(params or {})}
        headers = dict(headers or {})
        if self.scheme == "basic":
            headers.update(basic(self.login, self.password))
        else:
            query.update(user_id=self.login, user_pass=self.password)
        return self.served.get(path, params=query, headers=headers)

    def rows(self, path, envelope, params=None):
        response = self.get(path, params)
        assert response.status_code == 200, response.text
        return response.json()[envelope]
