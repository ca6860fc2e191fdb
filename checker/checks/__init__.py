"""Python rules, one module per family, named by the family's stem (OUT -> outline.py,
PUN -> pun.py, ...; see the README's development section). checker.engine.discovery
imports every module here, and each rule registers itself with @register; shared helpers
live in _common.py, never in a family's module."""
