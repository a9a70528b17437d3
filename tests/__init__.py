"""The suite. `tests.helpers` is imported first: it points the app at the test database, keys and hosts."""

from tests import helpers  # noqa: F401
