"""API Playground: the Chalice app. Routes live in blueprints under chalicelib/api; this file only wires them."""

from chalice.app import Chalice

from chalicelib.api import accounts, admin, collections, environments, meta, workspaces
from chalicelib.api.http import unify_errors

app = Chalice(app_name="api-playground")
app.register_middleware(unify_errors, "http")

for blueprint in (meta.bp, accounts.bp, workspaces.bp, collections.bp, environments.bp, admin.bp):
    app.register_blueprint(blueprint)
