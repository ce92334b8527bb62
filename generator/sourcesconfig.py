"""``site_config/sources.yml``: where raw pages come from and the products they are about.

* ``products``: products taxonomy.yml does not list, confirmed by the operator for the
  pages that need them (helpgen warns about a page that names a product neither file
  knows). Each has a ``name``, the ``names`` pages and their sources call it by, and the
  ``symptoms`` it offers (default: every symptom of the taxonomy).
* ``names``: more names by which pages call products of taxonomy.yml (云服务器 for 云主机):
  read from a page's title, front matter and file name only, never for keyword scoring.
* ``sources``: raw files whose product or vendor their path says; ``path`` is a glob (``*``
  also crosses folders) matched against the path as given to helpgen or any tail of it that
  starts at a folder, ``product`` a product key, ``vendor`` a vendor of vendors.yml (whose
  pages these are: ``vendor.py``). A rule gives either or both; for each, the first rule
  that matches and gives it wins.

Every problem is reported with its line, as for the other configuration files.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from .yamlfile import YamlFile

WHERE = "sources.yml"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NEW_PRODUCT_ORDER = 900  # declared products come after the taxonomy's


@dataclass(frozen=True)
class SourceRule:
    path: str  # a glob over a raw file's path
    product: str  # "" when the rule gives only a vendor
    line: int  # where sources.yml says so
    vendor: str = ""  # a vendor key of vendors.yml ("": the rule gives only a product)

    def matches(self, shown: str) -> bool:
        """Whether the raw file's path, or a tail of it starting at a folder, matches."""
        parts = shown.replace("\\", "/").split("/")
        return any(fnmatch.fnmatchcase("/".join(parts[k:]), self.path) for k in range(len(parts)))


def load_sources(
    c: YamlFile, products: dict, symptoms: dict, catch_all: str, vendors: frozenset[str]
) -> dict:
    """The declared products (Product values, made by ``make_product``), the extra names of
    products, and the path rules. ``products``: the taxonomy's; ``vendors``: vendors.yml's."""
    from .config import Product

    data = c.data
    c.known_keys(data, {"products", "names", "sources"}, WHERE)
    declared: dict = {}
    raw = c.get(data, "products", dict, WHERE, {}, required=False) or {}
    for k, (slug, spec) in enumerate(raw.items()):
        where, line = f"product '{slug}' in {WHERE}", c.line_of(raw, slug)
        if not _SLUG.match(str(slug)):
            c.error(line, f"{where}: key must be lowercase ASCII letters, digits and '-'")
        if slug in products:
            c.error(line, f"{where} is already a product of taxonomy.yml")
        if not isinstance(spec, dict):
            c.error(line, f"{where} must be a mapping")
            continue
        c.known_keys(spec, {"name", "names", "symptoms"}, where)
        offered = _symptoms(c, spec, where, symptoms, catch_all)
        names = c.strings(spec, "names", where, required=False)
        name = c.get(spec, "name", str, where, str(slug))
        declared[str(slug)] = Product(
            str(slug), name, NEW_PRODUCT_ORDER + k, (), (), offered, names
        )
    known = set(products) | set(declared)
    return {
        "declared": declared,
        "page_names": _names(c, data, known),
        "source_rules": _rules(c, data, known, vendors),
    }


def _symptoms(c: YamlFile, spec, where: str, symptoms: dict, catch_all: str) -> tuple:
    if "symptoms" not in spec:
        return tuple(sorted(symptoms, key=lambda s: (symptoms[s].order, s)))
    own = c.strings(spec, "symptoms", where)
    for s in own:
        if s not in symptoms:
            c.error(c.line_of(spec, "symptoms"), f"{where}: symptom '{s}' is not in taxonomy.yml")
    if catch_all not in own:
        c.error(c.line_of(spec, "symptoms"), f"{where}: must offer the catch_all '{catch_all}'")
    return own


def _names(c: YamlFile, data, known: set) -> dict[str, tuple[str, ...]]:
    raw = c.get(data, "names", dict, WHERE, {}, required=False) or {}
    out = {}
    for slug in raw:
        if slug not in known:
            c.error(
                c.line_of(raw, slug), f"names: '{slug}' is no product of taxonomy.yml or {WHERE}"
            )
        out[str(slug)] = c.strings(raw, slug, f"names of '{slug}'")
    return out


def _rules(c: YamlFile, data, known: set, vendors: frozenset[str]) -> tuple[SourceRule, ...]:
    raw = c.get(data, "sources", list, WHERE, [], required=False) or []
    rules = []
    for k, spec in enumerate(raw):
        line = raw.lines[k] if hasattr(raw, "lines") else 0
        where = f"source rule {k + 1} in {WHERE}"
        if not isinstance(spec, dict):
            c.error(line, f"{where} must be a mapping with 'path' and 'product' or 'vendor'")
            continue
        c.known_keys(spec, {"path", "product", "vendor"}, where)
        path = c.get(spec, "path", str, where, "")
        product = c.get(spec, "product", str, where, "", required=False) or ""
        vendor = c.get(spec, "vendor", str, where, "", required=False) or ""
        ok = True
        if product and product not in known:
            c.error(c.line_of(spec, "product"), f"{where}: product '{product}' is not known")
            ok = False
        if vendor and vendor not in vendors:
            why = f"{where}: vendor '{vendor}' is not a vendor of vendors.yml"
            c.error(c.line_of(spec, "vendor"), why)
            ok = False
        if not product and not vendor:
            c.error(line, f"{where} must give a 'product' or a 'vendor'")
        elif not path.strip():
            c.error(c.line_of(spec, "path"), f"{where}: 'path' must not be empty")
        elif ok:
            rules.append(SourceRule(path.strip(), product, line, vendor))
    return tuple(rules)
