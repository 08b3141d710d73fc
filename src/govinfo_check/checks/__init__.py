"""Check kinds. Importing this package registers every kind with the registry."""

from . import crossyear, narrative, period, structure  # noqa: F401,E402
