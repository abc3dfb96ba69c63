"""`minyi init`: a new district ledger repository that validates and builds at once.

Why plain files with a few named placeholders instead of a template engine or
str.format: the files hold GitHub workflow syntax (`${{ github.base_ref }}`) and the QR
url pattern's `{id}`, which either would trip over. Only the names in `FIELDS` are
replaced, in one pass (a value is never scanned again), and every value is checked
first so it cannot break out of the quoted YAML string or shell word it lands in.
Template paths spell a leading dot as `dot-` because package-data globs skip hidden files.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import resources

MINYI_REPO = "https://github.com/minyi-ledger/minyi-ledger"
PLACEHOLDER_URL = "https://example.invalid/"
FIELDS = (
    "district",
    "repository_url",
    "site_url",
    "minyi_requirement",
    "minyi_repo",
    "minyi_rev",
    "maintainers",
    "clerks",
)

_DISTRICT = re.compile(r"[^\W_][\w·（）()\-]{0,39}")
_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]+)?(/[A-Za-z0-9._~/%+\-]*)?")
_REQUIREMENT = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._\-]*( ?(==|>=|~=) ?[0-9][A-Za-z0-9.+\-]*| @ git\+[A-Za-z0-9:/._@+\-]+)?"
)
_HANDLE = re.compile(r"@[A-Za-z0-9][A-Za-z0-9._\-]*(/[A-Za-z0-9._\-]+)?")
_GITHUB = re.compile(r"https://github\.com/([A-Za-z0-9\-]+)/([A-Za-z0-9._\-]+?)(\.git)?/?")
_RULES = {
    "district": (_DISTRICT, "地区名称只能含汉字、字母、数字和 ·（）-，最多 40 个字，如 某某区"),
    "repository_url": (_URL, "仓库地址应为 https:// 开头、不含空格和引号的网址"),
    "site_url": (_URL, "网站地址应为 https:// 开头、不含空格和引号的网址"),
    "minyi_repo": (_URL, "minyi 仓库地址应为 https:// 开头的网址"),
    "minyi_rev": (re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*"), "minyi 版本应形如 v0.1.0"),
    "minyi_requirement": (
        _REQUIREMENT,
        "minyi 安装要求应形如 minyi-ledger==0.1.0 或 minyi-ledger @ git+https://…@v0.1.0",
    ),
    "maintainers": (_HANDLE, "维护人员应写成 GitHub 团队或用户，如 @example-org/maintainers"),
    "clerks": (_HANDLE, "办事员应写成 GitHub 团队或用户，如 @example-org/clerks"),
}


class StarterError(ValueError):
    """A reason `minyi init` wrote nothing, as one Chinese line for the clerk."""


def _installed_version() -> str:
    try:
        return version("minyi-ledger")
    except PackageNotFoundError:  # a bare source checkout on sys.path
        return "0.1.0"


def settings(district: str, **options) -> dict[str, str]:
    """Every placeholder's value: the given options, else defaults derived from them."""
    repo = options.get("repository_url") or PLACEHOLDER_URL + "minyi-ledger"
    github = _GITHUB.fullmatch(repo)
    site = options.get("site_url") or (
        f"https://{github[1].lower()}.github.io/{github[2]}/" if github else PLACEHOLDER_URL
    )
    owner = f"@{github[1]}" if github else "@your-org"
    minyi_repo = options.get("minyi_repo") or MINYI_REPO
    rev = options.get("minyi_rev") or f"v{_installed_version()}"
    values = {
        "district": district,
        "repository_url": repo,
        "site_url": site if site.endswith("/") else site + "/",
        "minyi_repo": minyi_repo,
        "minyi_rev": rev,
        "minyi_requirement": options.get("minyi_requirement") or f"minyi-ledger @ git+{minyi_repo}@{rev}",
        "maintainers": options.get("maintainers") or f"{owner}/minyi-maintainers",
        "clerks": options.get("clerks") or f"{owner}/minyi-clerks",
    }
    for name, value in values.items():
        pattern, rule = _RULES[name]
        if not pattern.fullmatch(value):
            raise StarterError(f"{rule}（得到 {value!r}）")
    return values


def render(text: str, values: dict[str, str]) -> str:
    """Replace `{name}` for the known names only, in one pass."""
    return re.sub(r"\{(" + "|".join(FIELDS) + r")\}", lambda m: values[m[1]], text)


def target_name(template: Path) -> Path:
    return Path(*(("." + part[4:]) if part.startswith("dot-") else part for part in template.parts))


def _check_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise StarterError(f"{target} 已存在且不是目录，请换一个新目录名")
    if target.is_dir() and any(target.iterdir()):
        raise StarterError(f"目录 {target} 不是空的：minyi init 只在新目录或空目录中创建台账，请换一个目录名")


def init_ledger(target: Path, district: str, **options) -> list[Path]:
    """Write a new district ledger into the empty or absent folder `target`; return the files.

    Options: repository_url, site_url, minyi_requirement, minyi_repo, minyi_rev,
    maintainers, clerks, and git (default True: `git init -b main` and a first commit).
    """
    target = Path(target)
    values = settings(district, **options)
    _check_empty(target)
    source = resources.starter_files()
    written = []
    for template in sorted(p for p in source.rglob("*") if p.is_file()):
        path = target / target_name(template.relative_to(source))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(template.read_text(encoding="utf-8"), values), encoding="utf-8", newline="\n")
        written.append(path)
    if options.get("git", True):
        _first_commit(target, written, district)
    return written


def _first_commit(target: Path, files: list[Path], district: str) -> None:
    import git

    repo = git.Repo.init(target, initial_branch="main")
    repo.index.add([p.relative_to(target).as_posix() for p in files])
    repo.index.commit(f"Start the {district} ledger (minyi init)")
