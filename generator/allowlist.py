"""The vendors' public facts (``site_config/vendors.yml``): what redaction never hides.

Each vendor lists its domains, documentation hosts, the names it issues to customers
(test domains, bucket hosts, CNAMEs: the customer's labels are personal, the vendor's
suffix is not), public service addresses, contacts, error identifiers and the examples
its pages publish. ``public`` lists third-party sites and services the same way.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property

from .yamlfile import YamlFile

_NOTHING = re.compile(r"(?!x)x")
_KEYS = frozenset(
    {
        "name",
        "domains",
        "doc_hosts",
        "customer_hosts",
        "hosts",
        "addresses",
        "contacts",
        "error_codes",
        "examples",
        "aliases",
    }
)
_HOST = re.compile(r"^(?:[a-z0-9*](?:[a-z0-9*-]{0,61}[a-z0-9*])?\.)*[a-z0-9-]+$")

PUBLIC = "public"  # a vendor's or a public site's host
ISSUED = "issued"  # a name a vendor issued to a customer: its first labels are the customer's
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Vendor:
    slug: str
    name: str
    domains: tuple[str, ...] = ()
    doc_hosts: tuple[str, ...] = ()
    customer_hosts: tuple[tuple[str, ...], ...] = ()  # labels after the leading "*"
    hosts: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    error_codes: re.Pattern = _NOTHING
    examples: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # what customers call it besides its name (search: vendor.py)


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _under_any(host: str, domains: frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or under one (each of its suffixes looked up once)."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def as_network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


@dataclass(frozen=True, eq=False)
class Allowlist:
    """Every vendor's public facts, and the questions redaction asks of them."""

    vendors: tuple[Vendor, ...] = ()

    @cached_property
    def named(self) -> tuple[Vendor, ...]:
        """The vendors themselves: not ``public``, the public sites' list."""
        return tuple(v for v in self.vendors if v.slug != PUBLIC)

    @cached_property
    def _exact_hosts(self) -> frozenset[str]:
        return frozenset(h for v in self.vendors for h in v.hosts)

    @cached_property
    def _domains(self) -> tuple[str, ...]:
        return tuple(d for v in self.vendors for d in v.domains + v.examples if _host_like(d))

    @cached_property
    def _networks(self) -> tuple:
        found = (as_network(a) for v in self.vendors for a in v.addresses + v.examples)
        return tuple(n for n in found if n is not None)

    @cached_property
    def _contacts(self) -> frozenset[str]:
        out = set()
        for value in (c for v in self.vendors for c in v.contacts):
            out.add(value.lower() if "@" in value else _digits(value))
        return frozenset(out)

    @cached_property
    def _examples(self) -> frozenset[str]:
        return frozenset(e.lower() for v in self.vendors for e in v.examples)

    @cached_property
    def _example_hosts(self) -> frozenset[str]:
        return frozenset(e for e in self._examples if _host_like(e))

    @cached_property
    def _domain_set(self) -> frozenset[str]:
        return frozenset(self._domains)

    @cached_property
    def _error_codes(self) -> tuple[re.Pattern, ...]:
        return tuple(v.error_codes for v in self.vendors if v.error_codes is not _NOTHING)

    @cached_property
    def public_domains(self) -> tuple[str, ...]:
        """Every domain whose hosts are public (vendors', public sites', examples)."""
        return self._domains

    def host(self, host: str) -> tuple[str, int]:
        """(PUBLIC, 0), (ISSUED, n: the first n labels are the customer's) or (UNKNOWN, 0)."""
        host = host.lower().rstrip(".")
        if host in self._exact_hosts or _under_any(host, self._example_hosts):
            return PUBLIC, 0
        labels = host.split(".")
        for vendor in self.vendors:
            for pattern in vendor.customer_hosts:
                n = len(labels) - len(pattern)
                if n >= 1 and all(map(fnmatchcase, labels[n:], pattern)):
                    return ISSUED, n
        if _under_any(host, self._domain_set):
            return PUBLIC, 0
        return UNKNOWN, 0

    def address(self, text: str) -> bool:
        """A public service address or a documentation example (also inside a listed block)."""
        network = as_network(text)
        if network is None:
            return False
        return any(network.version == n.version and network.subnet_of(n) for n in self._networks)

    def contact(self, value: str) -> bool:
        """A vendor's public mailbox, hotline or support number."""
        key = value.lower() if "@" in value else _digits(value)
        return bool(key) and key in self._contacts

    def email(self, address: str) -> bool:
        """A public mailbox, or an address a vendor's page gives as an example."""
        return self.contact(address) or address.lower() in self._examples

    def token(self, value: str) -> bool:
        """A public error identifier or an example value a vendor's page publishes."""
        return value.lower() in self._examples or any(p.fullmatch(value) for p in self._error_codes)


def _host_like(text: str) -> bool:
    """A host name (example.com, localhost), not an address or a hash."""
    text = text.lower()
    return (
        as_network(text) is None
        and bool(_HOST.match(text))
        and ("." in text or text.isalpha())
        and not text.rsplit(".", 1)[-1].isdigit()
    )


def load_vendors(c: YamlFile) -> Allowlist:
    """``vendors.yml``: every vendor under ``vendors``, and ``public``."""
    where = "vendors.yml"
    c.known_keys(c.data, {"vendors", PUBLIC}, where)
    specs = dict(c.get(c.data, "vendors", dict, where, {}) or {})
    vendors = [_vendor(c, str(slug), spec, c.data["vendors"]) for slug, spec in specs.items()]
    if PUBLIC in c.data:
        vendors.append(_vendor(c, PUBLIC, c.data[PUBLIC], c.data))
    allowlist = Allowlist(tuple(v for v in vendors if v is not None))
    _shared_names(c, allowlist.named, specs)
    return allowlist


def _shared_names(c: YamlFile, vendors: tuple[Vendor, ...], specs: dict) -> None:
    """A name or alias two vendors give says neither: reported where the second gives it."""
    owner: dict[str, str] = {}
    for v in vendors:
        for name in dict.fromkeys(n.strip().lower() for n in (v.name, *v.aliases)):
            if name in owner and owner[name] != v.slug:
                why = f"vendor '{v.slug}': name or alias '{name}' is vendor '{owner[name]}''s too"
                key = "aliases" if "aliases" in specs[v.slug] else "name"
                c.error(c.line_of(specs[v.slug], key), why)
            owner.setdefault(name, v.slug)


def _vendor(c: YamlFile, slug: str, spec, parent) -> Vendor | None:
    where = f"vendor '{slug}'"
    if not isinstance(spec, dict):
        c.error(c.line_of(parent, slug), f"{where} must be a mapping")
        return None
    c.known_keys(spec, set(_KEYS), where)

    def hosts(key: str) -> tuple[str, ...]:
        values = tuple(h.lower() for h in c.strings(spec, key, where, required=False))
        for h in values:
            if not _HOST.match(h) and as_network(h) is None:
                c.error(c.line_of(spec, key), f"{where}: '{h}' in '{key}' is not a host name")
        return values

    domains = hosts("domains")
    for h in hosts("doc_hosts"):
        if not any(_under(h, d) for d in domains):
            why = f"{where}: doc host '{h}' is not under its domains"
            c.error(c.line_of(spec, "doc_hosts"), why)
    patterns = []
    for p in hosts("customer_hosts"):
        if not p.startswith("*.") or len(p.split(".")) < 3:
            c.error(
                c.line_of(spec, "customer_hosts"),
                f"{where}: customer host pattern '{p}' must start with '*.' and name a suffix",
            )
            continue
        patterns.append(tuple(p.split(".")[1:]))
    addresses = c.strings(spec, "addresses", where, required=False)
    for a in addresses:
        if as_network(a) is None:
            c.error(c.line_of(spec, "addresses"), f"{where}: '{a}' is not an IP address or block")
    return Vendor(
        slug,
        c.get(spec, "name", str, where, slug, required=False),
        domains,
        tuple(h for h in c.strings(spec, "doc_hosts", where, required=False)),
        tuple(patterns),
        hosts("hosts"),
        addresses,
        c.strings(spec, "contacts", where, required=False),
        _codes(c, spec, where),
        tuple(c.strings(spec, "examples", where, required=False)),
        tuple(c.strings(spec, "aliases", where, required=False)),
    )


def _codes(c: YamlFile, spec, where: str) -> re.Pattern:
    patterns = c.strings(spec, "error_codes", where, required=False)
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            c.error(c.line_of(spec, "error_codes"), f"{where}: bad pattern {p!r}: {exc}")
            return _NOTHING
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else _NOTHING
