"""Sends each model to its database: domain data to the current environment's, the rest to
`default`.

Domain data (the racing app, and the API's jobs that write it) follows
`ctlive.environment.domain_alias()`, so one request or job reads and writes one environment.
Accounts, applications, tokens, sessions and console history live in `default` only and are
shared by both environments. Domain rows name users by id (EventGrant.user, Job.owner):
those columns carry no database constraint, since the testing database has no user table.
"""
from . import environment

DOMAIN_APPS = {"racing"}
DOMAIN_MODELS = {("api", "job"), ("api", "jobitem"), ("api", "jobchunk")}  # jobitem: until api 0006 drops it


def is_domain(app_label, model_name=None):
    return app_label in DOMAIN_APPS or (app_label, model_name) in DOMAIN_MODELS


def is_domain_model(model):
    return is_domain(model._meta.app_label, model._meta.model_name)


class EnvironmentRouter:
    def db_for_read(self, model, **hints):
        return environment.domain_alias() if is_domain_model(model) else "default"

    db_for_write = db_for_read

    def allow_relation(self, first, second, **hints):
        """Domain rows relate only within their environment; any row may name an account."""
        if is_domain_model(first) and is_domain_model(second):
            return first._state.db == second._state.db
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db == "default":
            return True
        if db in environment.ALIASES.values():
            return is_domain(app_label, model_name)
        return None
