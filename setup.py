"""Build step: ship the top-level schemas/ and the generic clerk docs inside the package.

schemas/ and docs/ stay where they are (one source, edited in place); the wheel maps them
to minyi/schemas/ and minyi/clerk_docs/ so an installed `minyi` has them without a
checkout. pyproject.toml cannot say this: its package finder ignores mapped folders.
Everything else about the package is in pyproject.toml; minyi/resources.py finds the data.
"""

from setuptools import find_packages, setup

MAPPED = {"minyi.schemas": "schemas", "minyi.clerk_docs": "docs"}

setup(packages=[*find_packages(include=["minyi", "minyi.*", "site_gen", "site_gen.*"]), *MAPPED], package_dir=MAPPED)
