"""Python rules, one module per family. Importing this package registers them."""
from . import outline_rules  # noqa: F401
from . import writing_rules  # noqa: F401
from . import format_rules  # noqa: F401
from . import cross  # noqa: F401
