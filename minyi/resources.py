"""Where Minyi's own files are: schemas, clerk docs, site templates and assets, the base
MkDocs config, the jieba dictionary and the district starter.

Why one module: in a source checkout (tests, editable install) the schemas and the clerk
docs are the top-level `schemas/` and `docs/` folders; in an installed wheel the build has
mapped those same folders into the package as `minyi/schemas/` and `minyi/clerk_docs/`
(see setup.py). Callers ask here instead of walking up from `__file__`, so one code path
serves a district repository that only has the package installed and this checkout alike.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
# The generic clerk docs every district's site carries; the rest of docs/ is about this project.
CLERK_DOCS = ("guide.md", "fields.md", "errors.md", "lifecycle.md", "cli.md")
BASE_CONFIG = "mkdocs.base.yml"


def _package_path(package: str, *parts: str) -> Path:
    """A real folder or file inside an installed package (wheels are installed unzipped)."""
    return Path(str(files(package).joinpath(*parts)))


def _mapped(packaged: str, checkout: str) -> Path:
    """The package copy when installed from a wheel, else the top-level source folder."""
    inside = _package_path("minyi", packaged)
    return inside if inside.is_dir() else CHECKOUT / checkout


def schema_dir() -> Path:
    """The JSON Schemas, one per record kind plus common.schema.json."""
    return _mapped("schemas", "schemas")


def clerk_docs_dir() -> Path:
    """The folder holding the generic clerk docs (and the screenshots they show)."""
    return _mapped("clerk_docs", "docs")


def site_templates() -> Path:
    """The MkDocs theme overrides (custom_dir)."""
    return _package_path("site_gen", "templates")


def site_assets() -> Path:
    """Stylesheet and scripts copied into every site."""
    return _package_path("site_gen", "assets")


def jieba_dict() -> Path:
    """The domain word list for Chinese search (办结、交办、民生实事…)."""
    return _package_path("site_gen", "jieba_user_dict.txt")


def base_site_config() -> Path:
    """Theme, extensions, search and navigation shared by every district's site."""
    return _package_path("site_gen", BASE_CONFIG)


def catalog_file() -> Path:
    """The error catalogue's words (minyi/catalog.yaml), read by minyi.catalog."""
    return _package_path("minyi", "catalog.yaml")


def starter_files() -> Path:
    """The files `minyi init` writes into a new district repository (placeholders unfilled)."""
    return _package_path("minyi", "starter", "files")


def _images(folder: Path) -> dict[str, Path]:
    img = folder / "img"
    return {f"img/{p.name}": p for p in sorted(img.iterdir()) if p.is_file()} if img.is_dir() else {}


def clerk_docs(root: Path | None = None) -> dict[str, Path]:
    """Every doc page of a site, by path under docs/: the package's clerk docs, then the
    district's own docs/*.md and docs/img/* (a district file of the same name wins)."""
    package = clerk_docs_dir()
    pages = {name: package / name for name in CLERK_DOCS if (package / name).is_file()}
    pages.update(_images(package))
    own = Path(root) / "docs" if root is not None else None
    if own is not None and own.is_dir():
        pages.update({p.name: p for p in sorted(own.glob("*.md"))})
        pages.update(_images(own))
    return pages
