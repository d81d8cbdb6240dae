"""Postman's dynamic variables (`{{$guid}}`, `{{$randomEmail}}`, ...): a fresh value at every occurrence.

Names and output formats follow Postman's own table (postman-collection's `lib/superstring/dynamic-variables.js`,
which wraps faker.js 5 with the `en` locale), so collections written for Postman send the same shapes of data. We
do not depend on faker: small built-in word lists give values of the right form, which is what a request needs;
they are not meant to be realistic at scale.

Every generator takes a `random.Random`, so tests can pass a seeded one. `DYNAMIC` binds them to the system's
CSPRNG because values such as `$randomPassword` or `$guid` may end up as credentials or idempotency keys.
"""

from __future__ import annotations

import random
import string
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from urllib.parse import quote

Generator = Callable[[random.Random], str]

_SYSTEM = random.SystemRandom()

# --- word lists (a few dozen entries each: enough variety for test data, small enough to read) -----------------

_FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth", "David",
    "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy",
    "Matthew", "Lisa", "Anthony", "Margaret", "Mark", "Sandra", "Steven", "Ashley", "Paul", "Emily", "Andrew",
    "Donna", "Joshua", "Michelle", "Aurelia", "Brennan", "Cleo", "Dario", "Elyse", "Fermin", "Gianna", "Hollis",
)
_LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez",
    "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Kuhlman",
)
_NAME_PREFIXES = ("Mr.", "Mrs.", "Ms.", "Miss", "Dr.")
_NAME_SUFFIXES = ("Jr.", "Sr.", "I", "II", "III", "IV", "V", "MD", "DDS", "PhD", "DVM")
_JOB_DESCRIPTORS = (
    "Lead", "Senior", "Direct", "Corporate", "Dynamic", "Future", "Product", "National", "Regional", "District",
    "Central", "Global", "Customer", "Investor", "Internal", "International", "Chief", "Principal",
)
_JOB_AREAS = (
    "Solutions", "Program", "Brand", "Security", "Research", "Marketing", "Directives", "Implementation",
    "Integration", "Functionality", "Response", "Paradigm", "Tactics", "Identity", "Markets", "Group", "Division",
    "Applications", "Optimization", "Operations", "Infrastructure", "Intranet", "Communications", "Web", "Branding",
    "Quality", "Assurance", "Mobility", "Accounts", "Factors", "Creative", "Configuration", "Data", "Usability",
    "Metrics",
)
_JOB_TYPES = (
    "Supervisor", "Associate", "Executive", "Liaison", "Officer", "Manager", "Engineer", "Specialist", "Director",
    "Coordinator", "Administrator", "Architect", "Analyst", "Designer", "Planner", "Orchestrator", "Technician",
    "Developer", "Producer", "Consultant", "Assistant", "Facilitator", "Agent", "Representative", "Strategist",
)

_CITY_PREFIXES = ("North", "East", "West", "South", "New", "Lake", "Port")
_CITY_SUFFIXES = (
    "town", "ton", "land", "ville", "berg", "burgh", "borough", "bury", "view", "port", "mouth", "stad", "furt",
    "chester", "fort", "haven", "side", "shire",
)
_STREET_SUFFIXES = (
    "Street", "Avenue", "Road", "Lane", "Drive", "Court", "Place", "Boulevard", "Way", "Parkway", "Square", "Terrace",
    "Trail", "Crossing", "Circle", "Highway", "Alley", "Ridge", "Run", "Loop",
)
#: (ISO 3166-1 alpha-2, name): one list so a code and a name always agree
_COUNTRIES = (
    ("AR", "Argentina"), ("AU", "Australia"), ("AT", "Austria"), ("BE", "Belgium"), ("BR", "Brazil"),
    ("CA", "Canada"), ("CL", "Chile"), ("CN", "China"), ("CO", "Colombia"), ("CZ", "Czech Republic"),
    ("DK", "Denmark"), ("EG", "Egypt"), ("FI", "Finland"), ("FR", "France"), ("DE", "Germany"), ("GR", "Greece"),
    ("HU", "Hungary"), ("IS", "Iceland"), ("IN", "India"), ("ID", "Indonesia"), ("IE", "Ireland"), ("IL", "Israel"),
    ("IT", "Italy"), ("JP", "Japan"), ("KE", "Kenya"), ("MX", "Mexico"), ("MA", "Morocco"), ("NL", "Netherlands"),
    ("NZ", "New Zealand"), ("NG", "Nigeria"), ("NO", "Norway"), ("PE", "Peru"), ("PL", "Poland"),
    ("PT", "Portugal"), ("KR", "Korea"), ("RO", "Romania"), ("SG", "Singapore"), ("ZA", "South Africa"),
    ("ES", "Spain"), ("SE", "Sweden"), ("CH", "Switzerland"), ("TH", "Thailand"), ("TR", "Turkey"),
    ("UA", "Ukraine"), ("GB", "United Kingdom"), ("US", "United States of America"), ("VN", "Vietnam"),
)

_COLORS = (
    "red", "green", "blue", "yellow", "cyan", "magenta", "white", "black", "grey", "orange", "purple", "pink", "teal",
    "lime", "maroon", "navy", "olive", "silver", "gold", "indigo", "violet", "turquoise", "tan", "sky blue", "salmon",
    "plum", "orchid", "mint green", "lavender", "ivory", "azure", "fuchsia",
)
_DEPARTMENTS = (
    "Books", "Movies", "Music", "Games", "Electronics", "Computers", "Home", "Garden", "Tools", "Grocery", "Health",
    "Beauty", "Toys", "Kids", "Baby", "Clothing", "Shoes", "Jewelery", "Sports", "Outdoors", "Automotive", "Industrial",
)
_PRODUCT_ADJECTIVES = (
    "Small", "Ergonomic", "Rustic", "Intelligent", "Gorgeous", "Incredible", "Fantastic", "Practical", "Sleek",
    "Awesome", "Generic", "Handcrafted", "Handmade", "Licensed", "Refined", "Unbranded", "Tasty",
)
_PRODUCT_MATERIALS = (
    "Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Metal", "Soft", "Fresh", "Frozen",
)
_PRODUCTS = (
    "Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves", "Pants", "Shirt", "Table", "Shoes",
    "Hat", "Towels", "Soap", "Tuna", "Chicken", "Fish", "Cheese", "Bacon", "Pizza", "Salad", "Sausages", "Chips",
)

_COMPANY_SUFFIXES = ("Inc", "and Sons", "LLC", "Group")
_CATCH_ADJECTIVES = (
    "Adaptive", "Advanced", "Automated", "Balanced", "Business-focused", "Centralized", "Compatible", "Configurable",
    "Cross-platform", "Customer-focused", "Decentralized", "Digitized", "Distributed", "Enhanced", "Ergonomic",
    "Extended", "Front-line", "Fundamental", "Future-proofed", "Horizontal", "Innovative", "Integrated", "Intuitive",
    "Managed", "Monitored", "Multi-layered", "Networked", "Open-source", "Optimized", "Organic", "Persistent",
    "Proactive", "Progressive", "Robust", "Seamless", "Secured", "Streamlined", "Synergistic", "Universal",
    "User-friendly", "Versatile", "Virtual", "Visionary",
)
_CATCH_DESCRIPTORS = (
    "24/7", "asymmetric", "asynchronous", "bi-directional", "bottom-line", "client-driven", "client-server",
    "coherent", "composite", "context-sensitive", "dedicated", "demand-driven", "discrete", "dynamic",
    "empowering", "executive", "fault-tolerant", "global", "heuristic", "high-level", "holistic", "hybrid",
    "incremental", "interactive", "local", "logistical", "mission-critical", "mobile", "modular", "multi-tasking",
    "next generation", "object-oriented", "optimal", "real-time", "responsive", "scalable", "stable", "systematic",
    "tangible", "value-added", "web-enabled", "zero tolerance",
)
_CATCH_NOUNS = (
    "ability", "access", "adapter", "algorithm", "alliance", "analyzer", "application", "approach", "architecture",
    "archive", "array", "benchmark", "capability", "capacity", "challenge", "circuit", "collaboration", "complexity",
    "concept", "core", "database", "definition", "emulation", "encoding", "encryption", "extranet", "firmware",
    "flexibility", "forecast", "framework", "function", "groupware", "hardware", "hierarchy", "hub", "initiative",
    "interface", "intranet", "knowledge base", "leverage", "matrix", "methodology", "middleware", "migration",
    "model", "orchestration", "paradigm", "policy", "portal", "productivity", "protocol", "software", "solution",
    "strategy", "structure", "superstructure", "synergy", "throughput", "toolset", "website", "workforce",
)
_BS_ADJECTIVES = (
    "clicks-and-mortar", "value-added", "vertical", "proactive", "robust", "revolutionary", "scalable",
    "leading-edge", "innovative", "intuitive", "strategic", "e-business", "mission-critical", "sticky", "one-to-one",
    "end-to-end", "global", "B2B", "B2C", "granular", "frictionless", "virtual", "viral", "dynamic", "best-of-breed",
    "killer", "magnetic", "bleeding-edge", "web-enabled", "interactive", "back-end", "real-time", "efficient",
    "front-end", "distributed", "seamless", "extensible", "turn-key", "world-class", "open-source", "cross-platform",
    "synergistic", "out-of-the-box", "enterprise", "integrated", "impactful", "wireless", "transparent",
    "next-generation", "cutting-edge", "user-centric", "visionary", "customized", "ubiquitous", "plug-and-play",
    "collaborative", "compelling", "holistic", "rich",
)
_BS_BUZZ = (
    "synergize", "strategize", "empower", "embrace", "enable", "orchestrate", "leverage", "streamline", "brand",
    "visualize", "engineer", "deploy", "iterate", "facilitate", "transform", "generate", "aggregate", "architect",
    "benchmark", "mesh", "optimize", "incubate", "integrate", "innovate", "monetize", "grow", "scale", "repurpose",
    "redefine", "syndicate", "harness", "exploit", "expedite", "extend", "implement", "incentivize", "maximize",
    "morph", "reinvent", "revolutionize", "seize", "target", "transition", "unleash", "utilize", "whiteboard",
)
_BS_NOUNS = (
    "synergies", "web-readiness", "paradigms", "markets", "partnerships", "infrastructures", "platforms",
    "initiatives", "channels", "eyeballs", "communities", "ROI", "solutions", "e-tailers", "e-services",
    "action-items", "portals", "niches", "technologies", "content", "supply-chains", "convergence", "relationships",
    "architectures", "interfaces", "e-markets", "e-commerce", "systems", "bandwidth", "models", "mindshare",
    "deliverables", "users", "schemas", "networks", "applications", "metrics", "functionalities", "experiences",
    "web services", "methodologies",
)

_DB_COLUMNS = (
    "id", "title", "name", "email", "phone", "token", "group", "category", "password", "comment", "avatar", "status",
    "createdAt", "updatedAt",
)
_DB_TYPES = (
    "int", "varchar", "text", "date", "datetime", "tinyint", "time", "timestamp", "smallint", "mediumint", "bigint",
    "decimal", "float", "double", "real", "bit", "boolean", "serial", "blob", "binary", "enum", "set", "geometry",
    "point",
)
_DB_COLLATIONS = (
    "utf8_unicode_ci", "utf8_general_ci", "utf8_bin", "ascii_bin", "ascii_general_ci", "cp1250_bin",
    "cp1250_general_ci",
)
_DB_ENGINES = ("InnoDB", "MyISAM", "MEMORY", "CSV", "BLACKHOLE", "ARCHIVE")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_ACCOUNT_TYPES = ("Checking", "Savings", "Money Market", "Investment", "Home Loan", "Credit Card", "Auto Loan",
                  "Personal Loan")
_TRANSACTION_TYPES = ("deposit", "withdrawal", "payment", "invoice")
#: (ISO 4217 code, name, symbol)
_CURRENCIES = (
    ("USD", "US Dollar", "$"), ("EUR", "Euro", "€"), ("GBP", "Pound Sterling", "£"), ("JPY", "Yen", "¥"),
    ("CHF", "Swiss Franc", "CHF"), ("CAD", "Canadian Dollar", "$"), ("AUD", "Australian Dollar", "$"),
    ("NZD", "New Zealand Dollar", "$"), ("CNY", "Yuan Renminbi", "¥"), ("INR", "Indian Rupee", "₹"),
    ("BRL", "Brazilian Real", "R$"), ("MXN", "Mexican Peso", "$"), ("KRW", "Won", "₩"), ("RUB", "Russian Ruble", "₽"),
    ("SEK", "Swedish Krona", "kr"), ("NOK", "Norwegian Krone", "kr"), ("DKK", "Danish Krone", "kr"),
    ("PLN", "Zloty", "zł"), ("CZK", "Czech Koruna", "Kč"), ("HUF", "Forint", "Ft"), ("TRY", "Turkish Lira", "₺"),
    ("ZAR", "Rand", "R"), ("ILS", "New Israeli Sheqel", "₪"), ("THB", "Baht", "฿"), ("PHP", "Philippine Peso", "₱"),
    ("NGN", "Naira", "₦"), ("UAH", "Hryvnia", "₴"), ("VND", "Dong", "₫"),
)
#: IBAN layouts per country: (country, BBAN pattern) where `A` is an upper-case letter and `9` a digit
_IBAN_LAYOUTS = (
    ("DE", "999999999999999999"), ("GB", "AAAA99999999999999"), ("NL", "AAAA9999999999"),
    ("FR", "99999999999999999999999"), ("ES", "99999999999999999999"), ("IT", "A9999999999999999999999"),
    ("BE", "999999999999"), ("AT", "9999999999999999"), ("CH", "99999999999999999"),
)

_ABBREVIATIONS = (
    "ADP", "AGP", "AI", "API", "ASCII", "CLI", "COM", "CSS", "DNS", "EXE", "FTP", "GB", "HDD", "HEX", "HTTP", "IB",
    "IP", "JBOD", "JSON", "OCR", "PCI", "PNG", "RAM", "RSS", "SAS", "SCSI", "SDD", "SMS", "SMTP", "SQL", "SSD", "SSL",
    "TCP", "THX", "TLS", "UDP", "USB", "UTF8", "VGA", "XML", "XSS",
)
_HACKER_ADJECTIVES = (
    "auxiliary", "primary", "back-end", "digital", "open-source", "virtual", "cross-platform", "redundant", "online",
    "haptic", "multi-byte", "bluetooth", "wireless", "1080p", "neural", "optical", "solid state", "mobile",
)
_HACKER_NOUNS = (
    "driver", "protocol", "bandwidth", "panel", "microchip", "program", "port", "card", "array", "interface", "system",
    "sensor", "firewall", "hard drive", "pixel", "alarm", "feed", "monitor", "application", "transmitter", "bus",
    "circuit", "capacitor", "matrix",
)
_HACKER_VERBS = (
    "back up", "bypass", "hack", "override", "compress", "copy", "navigate", "index", "connect", "generate",
    "quantify", "calculate", "synthesize", "input", "transmit", "program", "reboot", "parse",
)
_HACKER_INGVERBS = (
    "backing up", "bypassing", "hacking", "overriding", "compressing", "copying", "navigating", "indexing",
    "connecting", "generating", "quantifying", "calculating", "synthesizing", "transmitting", "programming", "parsing",
)
#: faker's hacker phrases; {a} adjective, {n} noun, {v} verb, {i} -ing verb, {x} abbreviation
_HACKER_PHRASES = (
    "If we {v} the {n}, we can get to the {x} {n} through the {a} {x} {n}!",
    "We need to {v} the {a} {x} {n}!",
    "Try to {v} the {x} {n}, maybe it will {v} the {a} {n}!",
    "You can't {v} the {n} without {i} the {a} {x} {n}!",
    "Use the {a} {x} {n}, then you can {v} the {a} {n}!",
    "The {x} {n} is down, {v} the {a} {n} so we can {v} the {x} {n}!",
    "{i} the {n} won't do anything, we need to {v} the {a} {x} {n}!",
    "I'll {v} the {a} {x} {n}, that should {n} the {x} {n}!",
)

_LOREM = (
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipisci", "velit", "sed", "quia", "non", "numquam",
    "eius", "modi", "tempora", "incidunt", "ut", "labore", "et", "dolore", "magnam", "aliquam", "quaerat",
    "voluptatem", "enim", "ad", "minima", "veniam", "quis", "nostrum", "exercitationem", "ullam", "corporis",
    "suscipit", "laboriosam", "nisi", "aliquid", "ex", "ea", "commodi", "consequatur", "autem", "vel", "eum", "iure",
    "reprehenderit", "qui", "in", "voluptate", "esse", "quam", "nihil", "molestiae", "illum", "fugiat", "quo",
    "voluptas", "nulla", "pariatur",
)

_EMAIL_PROVIDERS = ("gmail.com", "yahoo.com", "hotmail.com")
_EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
_DOMAIN_SUFFIXES = ("com", "biz", "info", "name", "net", "org")
_USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{major}.0.{build}.{patch}"
    " Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_{minor}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{minor}.1"
    " Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:{major}.0) Gecko/20100101 Firefox/{major}.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{major}.0) Gecko/20100101 Firefox/{major}.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_{minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
    " Version/16.{minor} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 1{minor}; Pixel {minor}) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/{major}.0.{build}.{patch} Mobile Safari/537.36",
)

#: the two-letter language codes Postman draws from (a subset of its Chromium-derived list)
_LOCALES = (
    "af", "am", "ar", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et", "eu",
    "fa", "fi", "fr", "ga", "gl", "gu", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "km", "ko",
    "lt", "lv", "mk", "ml", "mn", "ms", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "sw", "ta",
    "th", "tr", "uk", "ur", "uz", "vi", "zh", "zu",
)
_DIRECTORIES = (
    "/Applications", "/bin", "/boot", "/dev", "/etc", "/etc/defaults", "/etc/mail", "/home", "/home/user",
    "/home/user/dir", "/lib", "/Library", "/media", "/mnt", "/net", "/opt", "/opt/bin", "/opt/lib", "/private/tmp",
    "/root", "/sbin", "/srv", "/System", "/tmp", "/Users", "/usr", "/usr/bin", "/usr/lib", "/usr/local/bin",
    "/usr/local/src", "/usr/share", "/var", "/var/log", "/var/mail", "/var/tmp",
)
#: MIME type → its usual extension; the "common" ones are faker's short list
_MIME_TYPES = {
    "application/json": "json", "application/pdf": "pdf", "application/xml": "xml", "application/zip": "zip",
    "application/gzip": "gz", "application/msword": "doc", "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx", "application/rtf": "rtf",
    "application/x-tar": "tar", "application/javascript": "js", "application/octet-stream": "bin",
    "audio/mpeg": "mpga", "audio/wav": "wav", "audio/ogg": "oga", "audio/midi": "mid", "audio/aac": "aac",
    "font/woff2": "woff2", "font/ttf": "ttf", "image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif",
    "image/svg+xml": "svg", "image/webp": "webp", "image/bmp": "bmp", "image/tiff": "tiff", "message/rfc822": "eml",
    "model/gltf+json": "gltf", "multipart/form-data": "form", "text/plain": "txt", "text/html": "html",
    "text/css": "css", "text/csv": "csv", "text/calendar": "ics", "video/mp4": "mp4", "video/mpeg": "mpeg",
    "video/webm": "webm", "video/quicktime": "mov",
}
_COMMON_MIME_TYPES = ("application/pdf", "audio/mpeg", "audio/wav", "image/png", "image/jpeg", "image/gif",
                      "video/mp4", "video/mpeg", "text/html")
_COMMON_FILE_TYPES = ("video", "audio", "image", "text", "application")

_IMAGE_CATEGORIES = {
    "$randomAbstractImage": "abstract", "$randomAnimalsImage": "animals", "$randomBusinessImage": "business",
    "$randomCatsImage": "cats", "$randomCityImage": "city", "$randomFoodImage": "food",
    "$randomNightlifeImage": "nightlife", "$randomFashionImage": "fashion", "$randomPeopleImage": "people",
    "$randomNatureImage": "nature", "$randomSportsImage": "sports", "$randomTransportImage": "transport",
}

_ALNUM_LOWER = string.ascii_lowercase + string.digits
_ALNUM = string.ascii_letters + string.digits
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


# --- building blocks --------------------------------------------------------------------------------------------

def _pick(words: Sequence[str]) -> Generator:
    return lambda rng: rng.choice(words)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _uuid4(rng: random.Random) -> str:
    # Built from the injected generator (not uuid.uuid4) so a seeded Random gives repeatable ids in tests.
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _js_date(dt: datetime) -> str:
    # faker's dates are JS Date objects that Postman turns into text with Date.prototype.toString(); our servers run
    # in UTC, so this is what Postman would print on a UTC machine.
    return dt.strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")


def _iso(dt: datetime) -> str:
    # JS toISOString(): always milliseconds and a literal Z, which datetime.isoformat() does not give.
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _first(rng: random.Random) -> str:
    return rng.choice(_FIRST_NAMES)


def _last(rng: random.Random) -> str:
    return rng.choice(_LAST_NAMES)


def _full_name(rng: random.Random) -> str:
    # faker's findName: mostly "First Last", sometimes with a prefix or a suffix.
    roll = rng.randrange(8)
    if roll == 0:
        return f"{rng.choice(_NAME_PREFIXES)} {_first(rng)} {_last(rng)}"
    if roll == 1:
        return f"{_first(rng)} {_last(rng)} {rng.choice(_NAME_SUFFIXES)}"
    return f"{_first(rng)} {_last(rng)}"


def _user_name(rng: random.Random) -> str:
    # faker's three username shapes; names here never hold quotes or spaces, so nothing needs stripping.
    first, last, sep = _first(rng), _last(rng), rng.choice("._")
    return rng.choice((f"{first}{rng.randint(0, 99)}", f"{first}{sep}{last}", f"{first}{sep}{last}{rng.randint(0, 99)}"))


def _domain_word(rng: random.Random) -> str:
    return _first(rng).lower()


def _domain_name(rng: random.Random) -> str:
    return f"{_domain_word(rng)}.{rng.choice(_DOMAIN_SUFFIXES)}"


def _city(rng: random.Random) -> str:
    first, last = _first(rng), _last(rng)
    prefix, suffix = rng.choice(_CITY_PREFIXES), rng.choice(_CITY_SUFFIXES)
    return rng.choice((f"{prefix} {first}{suffix}", f"{prefix} {first}", f"{first}{suffix}", f"{last}{suffix}"))


def _street_name(rng: random.Random) -> str:
    return f"{rng.choice((_first(rng), _last(rng)))} {rng.choice(_STREET_SUFFIXES)}"


def _phone(rng: random.Random) -> str:
    # NANP-shaped like faker's en format `!##-!##-####` (area code and exchange never start with 0 or 1).
    return f"{rng.randint(2, 9)}{_digits(rng, 2)}-{rng.randint(2, 9)}{_digits(rng, 2)}-{_digits(rng, 4)}"


def _company_name(rng: random.Random) -> str:
    a, b, c = _last(rng), _last(rng), _last(rng)
    return rng.choice((f"{a} {rng.choice(_COMPANY_SUFFIXES)}", f"{a} - {b}", f"{a}, {b} and {c}"))


def _hacker_phrase(rng: random.Random) -> str:
    template = rng.choice(_HACKER_PHRASES)
    # Each placeholder draws its own word, as faker's mustache does, so fill them one at a time.
    out = []
    for part in template.split("{"):
        if "}" in part:
            slot, rest = part.split("}", 1)
            pool = {"a": _HACKER_ADJECTIVES, "n": _HACKER_NOUNS, "v": _HACKER_VERBS, "i": _HACKER_INGVERBS,
                    "x": _ABBREVIATIONS}[slot]
            out.append(rng.choice(pool) + rest)
        else:
            out.append(part)
    phrase = "".join(out)
    return phrase[:1].upper() + phrase[1:]


def _random_word(rng: random.Random) -> str:
    # faker's random.word draws from many word lists; a mix of ours gives the same kind of single word.
    return rng.choice(rng.choice((_CATCH_ADJECTIVES, _CATCH_NOUNS, _BS_BUZZ, _HACKER_NOUNS, _PRODUCTS, _COLORS)))


def _random_words(rng: random.Random) -> str:
    return " ".join(_random_word(rng) for _ in range(rng.randint(2, 5)))


def _lorem_words(rng: random.Random, n: int = 3) -> str:
    return " ".join(rng.choice(_LOREM) for _ in range(n))


def _lorem_sentence(rng: random.Random) -> str:
    words = _lorem_words(rng, rng.randint(3, 10))
    return words[:1].upper() + words[1:] + "."


def _lorem_sentences(rng: random.Random, n: int | None = None) -> str:
    return " ".join(_lorem_sentence(rng) for _ in range(n if n is not None else rng.randint(2, 6)))


def _lorem_paragraph(rng: random.Random) -> str:
    return _lorem_sentences(rng, 3 + rng.randint(0, 3))


def _lorem_paragraphs(rng: random.Random) -> str:
    # faker's default paragraph separator, kept for byte-compatible shapes.
    return "\n \r".join(_lorem_paragraph(rng) for _ in range(3))


def _lorem_lines(rng: random.Random) -> str:
    return "\n".join(_lorem_sentence(rng) for _ in range(rng.randint(1, 5)))


def _lorem_text(rng: random.Random) -> str:
    # faker's lorem.text picks one of the other lorem generators at random.
    shapes: tuple[Generator, ...] = (_pick(_LOREM), _lorem_words, _lorem_sentence, _lorem_sentences,
                                     _lorem_paragraph, _lorem_paragraphs, _lorem_lines)
    return rng.choice(shapes)(rng)


def _file_name(rng: random.Random, ext: str) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in _random_words(rng).lower())
    return f"{stem}.{ext}"


def _iban(rng: random.Random) -> str:
    country, layout = rng.choice(_IBAN_LAYOUTS)
    bban = "".join(rng.choice(string.ascii_uppercase) if c == "A" else rng.choice(string.digits) for c in layout)
    # ISO 13616 check digits: move the country and "00" to the end, letters become 10..35, then 98 - (n mod 97).
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def _bic(rng: random.Random) -> str:
    bank = _chars(rng, string.ascii_uppercase, 4)
    country = rng.choice(_COUNTRIES)[0]
    location = _chars(rng, string.ascii_uppercase + string.digits, 2)
    branch = _chars(rng, string.ascii_uppercase + string.digits, 3) if rng.random() < 0.5 else ""
    return bank + country + location + branch


def _bitcoin(rng: random.Random) -> str:
    return rng.choice("13") + _chars(rng, _BASE58, rng.randint(25, 34) - 1)


def _user_agent(rng: random.Random) -> str:
    return rng.choice(_USER_AGENTS).format(major=rng.randint(90, 130), minor=rng.randint(1, 9),
                                           build=rng.randint(1000, 6999), patch=rng.randint(10, 199))


def _image_data_uri(rng: random.Random) -> str:
    # faker's SVG placeholder, percent-encoded like encodeURIComponent (which leaves !'()* alone).
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" version="1.1" baseProfile="full" width="640" height="480">'
           '<rect width="100%" height="100%" fill="grey"/><text x="320" y="240" font-size="20" '
           'alignment-baseline="middle" text-anchor="middle" fill="white">640x480</text></svg>')
    return "data:image/svg+xml;charset=UTF-8," + quote(svg, safe="!'()*-._~")


def _category_image(category: str) -> Generator:
    return lambda rng: f"http://placeimg.com/640/480/{category}"


def _date(rng: random.Random, lo: timedelta, hi: timedelta) -> str:
    offset = lo + (hi - lo) * rng.random()
    return _js_date(_utc_now() + offset)


# --- the table --------------------------------------------------------------------------------------------------

_GENERATORS: dict[str, Generator] = {
    # Postman's originals (not faker)
    "$guid": _uuid4,
    "$timestamp": lambda rng: str(round(time.time())),  # JS Math.round(Date.now() / 1000): rounded, not floored
    "$isoTimestamp": lambda rng: _iso(_utc_now()),
    "$randomInt": lambda rng: str(rng.randint(0, 1000)),  # ~~(Math.random() * 1001): both ends included
    # common
    "$randomUUID": _uuid4,
    "$randomAlphaNumeric": lambda rng: rng.choice(_ALNUM_LOWER),
    "$randomBoolean": lambda rng: rng.choice(("true", "false")),
    "$randomWord": _random_word,
    "$randomWords": _random_words,
    # colors and text
    "$randomColor": _pick(_COLORS),
    "$randomHexColor": lambda rng: "#" + _chars(rng, "0123456789abcdef", 6),
    "$randomAbbreviation": _pick(_ABBREVIATIONS),
    # internet
    "$randomIP": lambda rng: ".".join(str(rng.randint(0, 255)) for _ in range(4)),
    "$randomIPV6": lambda rng: ":".join(_chars(rng, "0123456789abcdef", 4) for _ in range(8)),
    "$randomMACAddress": lambda rng: ":".join(_chars(rng, "0123456789abcdef", 2) for _ in range(6)),
    "$randomPassword": lambda rng: _chars(rng, _ALNUM, 15),
    "$randomLocale": _pick(_LOCALES),
    "$randomUserAgent": _user_agent,
    "$randomProtocol": _pick(("http", "https")),
    "$randomSemver": lambda rng: ".".join(str(rng.randint(0, 9)) for _ in range(3)),
    "$randomEmail": lambda rng: f"{_user_name(rng)}@{rng.choice(_EMAIL_PROVIDERS)}",
    "$randomExampleEmail": lambda rng: f"{_user_name(rng)}@{rng.choice(_EXAMPLE_DOMAINS)}",
    "$randomUserName": _user_name,
    "$randomUrl": lambda rng: f"{rng.choice(('http', 'https'))}://{_domain_name(rng)}",
    "$randomDomainName": _domain_name,
    "$randomDomainSuffix": _pick(_DOMAIN_SUFFIXES),
    "$randomDomainWord": _domain_word,
    # names and jobs
    "$randomFirstName": _first,
    "$randomLastName": _last,
    "$randomFullName": _full_name,
    "$randomNamePrefix": _pick(_NAME_PREFIXES),
    "$randomNameSuffix": _pick(_NAME_SUFFIXES),
    "$randomJobArea": _pick(_JOB_AREAS),
    "$randomJobDescriptor": _pick(_JOB_DESCRIPTORS),
    "$randomJobType": _pick(_JOB_TYPES),
    "$randomJobTitle": lambda rng: f"{rng.choice(_JOB_DESCRIPTORS)} {rng.choice(_JOB_AREAS)} {rng.choice(_JOB_TYPES)}",
    # places and phones
    "$randomCity": _city,
    "$randomStreetName": _street_name,
    "$randomStreetAddress": lambda rng: f"{_digits(rng, rng.randint(3, 5)).lstrip('0') or '1'} {_street_name(rng)}",
    "$randomCountry": lambda rng: rng.choice(_COUNTRIES)[1],
    "$randomCountryCode": lambda rng: rng.choice(_COUNTRIES)[0],
    "$randomLatitude": lambda rng: f"{rng.uniform(-90, 90):.4f}",
    "$randomLongitude": lambda rng: f"{rng.uniform(-180, 180):.4f}",
    "$randomPhoneNumber": _phone,
    "$randomPhoneNumberExt": lambda rng: f"{rng.randint(1, 99)}-{_phone(rng)}",
    # commerce and business
    "$randomDepartment": _pick(_DEPARTMENTS),
    "$randomProduct": _pick(_PRODUCTS),
    "$randomProductAdjective": _pick(_PRODUCT_ADJECTIVES),
    "$randomProductMaterial": _pick(_PRODUCT_MATERIALS),
    "$randomProductName": lambda rng: (f"{rng.choice(_PRODUCT_ADJECTIVES)} {rng.choice(_PRODUCT_MATERIALS)} "
                                       f"{rng.choice(_PRODUCTS)}"),
    "$randomCompanyName": _company_name,
    "$randomCompanySuffix": _pick(_COMPANY_SUFFIXES),
    "$randomCatchPhrase": lambda rng: (f"{rng.choice(_CATCH_ADJECTIVES)} {rng.choice(_CATCH_DESCRIPTORS)} "
                                       f"{rng.choice(_CATCH_NOUNS)}"),
    "$randomCatchPhraseAdjective": _pick(_CATCH_ADJECTIVES),
    "$randomCatchPhraseDescriptor": _pick(_CATCH_DESCRIPTORS),
    "$randomCatchPhraseNoun": _pick(_CATCH_NOUNS),
    "$randomBs": lambda rng: f"{rng.choice(_BS_BUZZ)} {rng.choice(_BS_ADJECTIVES)} {rng.choice(_BS_NOUNS)}",
    "$randomBsAdjective": _pick(_BS_ADJECTIVES),
    "$randomBsBuzz": _pick(_BS_BUZZ),
    "$randomBsNoun": _pick(_BS_NOUNS),
    # databases
    "$randomDatabaseColumn": _pick(_DB_COLUMNS),
    "$randomDatabaseType": _pick(_DB_TYPES),
    "$randomDatabaseCollation": _pick(_DB_COLLATIONS),
    "$randomDatabaseEngine": _pick(_DB_ENGINES),
    # dates: faker's defaults are within a year (past, future) and within a day (recent)
    "$randomDatePast": lambda rng: _date(rng, timedelta(days=-365), timedelta(0)),
    "$randomDateFuture": lambda rng: _date(rng, timedelta(milliseconds=1), timedelta(days=365)),
    "$randomDateRecent": lambda rng: _date(rng, timedelta(days=-1), timedelta(0)),
    "$randomMonth": _pick(_MONTHS),
    "$randomWeekday": _pick(_WEEKDAYS),
    # finance
    "$randomBankAccount": lambda rng: _digits(rng, 8),
    "$randomBankAccountName": lambda rng: f"{rng.choice(_ACCOUNT_TYPES)} Account",
    "$randomBankAccountIban": _iban,
    "$randomBankAccountBic": _bic,
    "$randomCreditCardMask": lambda rng: _digits(rng, 4),
    "$randomPrice": lambda rng: f"{rng.uniform(0, 1000):.2f}",
    "$randomTransactionType": _pick(_TRANSACTION_TYPES),
    "$randomCurrencyCode": lambda rng: rng.choice(_CURRENCIES)[0],
    "$randomCurrencyName": lambda rng: rng.choice(_CURRENCIES)[1],
    "$randomCurrencySymbol": lambda rng: rng.choice(_CURRENCIES)[2],
    "$randomBitcoin": _bitcoin,
    # hacker speak
    "$randomAdjective": _pick(_HACKER_ADJECTIVES),
    "$randomNoun": _pick(_HACKER_NOUNS),
    "$randomVerb": _pick(_HACKER_VERBS),
    "$randomIngverb": _pick(_HACKER_INGVERBS),
    "$randomPhrase": _hacker_phrase,
    # images (faker 5's placeholder hosts, as Postman documents them)
    "$randomAvatarImage": lambda rng: f"https://cdn.fakercloud.com/avatars/{_user_name(rng).lower()}_128.jpg",
    "$randomImageUrl": lambda rng: "http://placeimg.com/640/480",
    **{name: _category_image(category) for name, category in _IMAGE_CATEGORIES.items()},
    "$randomImageDataUri": _image_data_uri,
    # lorem ipsum
    "$randomLoremWord": _pick(_LOREM),
    "$randomLoremWords": _lorem_words,
    "$randomLoremSentence": _lorem_sentence,
    "$randomLoremSentences": _lorem_sentences,
    "$randomLoremSlug": lambda rng: "-".join(rng.choice(_LOREM) for _ in range(3)),
    "$randomLoremParagraph": _lorem_paragraph,
    "$randomLoremParagraphs": _lorem_paragraphs,
    "$randomLoremText": _lorem_text,
    "$randomLoremLines": _lorem_lines,
    # files
    "$randomFileName": lambda rng: _file_name(rng, rng.choice(tuple(_MIME_TYPES.values()))),
    "$randomCommonFileName": lambda rng: _file_name(rng, _MIME_TYPES[rng.choice(_COMMON_MIME_TYPES)]),
    "$randomFilePath": lambda rng: f"{rng.choice(_DIRECTORIES)}/{_file_name(rng, rng.choice(tuple(_MIME_TYPES.values())))}",
    "$randomDirectoryPath": _pick(_DIRECTORIES),
    "$randomFileExt": lambda rng: rng.choice(tuple(_MIME_TYPES.values())),
    "$randomCommonFileExt": lambda rng: _MIME_TYPES[rng.choice(_COMMON_MIME_TYPES)],
    "$randomFileType": lambda rng: rng.choice(tuple(_MIME_TYPES)).split("/")[0],
    "$randomCommonFileType": _pick(_COMMON_FILE_TYPES),
    "$randomMimeType": lambda rng: rng.choice(tuple(_MIME_TYPES)),
}

#: every dynamic variable, bound to the system CSPRNG; each call gives a fresh value
DYNAMIC: dict[str, Callable[[], str]] = {name: partial(gen, _SYSTEM) for name, gen in _GENERATORS.items()}


def names() -> list[str]:
    """Every dynamic variable's name, `$` included, sorted (for autocomplete and docs)."""
    return sorted(_GENERATORS)


def generate(name: str, rng: random.Random | None = None) -> str | None:
    """A fresh value of the dynamic variable `name` (with its `$`), or None if there is no such variable."""
    gen = _GENERATORS.get(name)
    return None if gen is None else gen(rng if rng is not None else _SYSTEM)
