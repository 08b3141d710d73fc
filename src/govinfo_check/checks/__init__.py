"""Check kinds. Importing this package registers every kind with the registry."""

from . import crossyear, generic, narrative, period, structure  # noqa: F401
from . import content  # noqa: F401
