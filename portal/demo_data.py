"""The demo data that `manage.py seed_demo` writes: two regions of real programmes, their markets, stalls
selling everyday staples at November 2026 prices, couriers, staff and a shopper.

Every phone number is fake (+62 812 0000 0xxx) and every demo account shares one public password.
"""

from decimal import Decimal

DEMO_PASSWORD = "pasar-demo-2026"
DEMO_EMAIL_DOMAIN = "demo.pasar-daring.test"

REGIONS = [
    {
        "slug": "kabupaten-batang",
        "name": "Kabupaten Batang",
        "province": "Jawa Tengah",
        "timezone": "Asia/Jakarta",
        # Batang's own market app charged Rp 2.500 per km.
        "tariff_base": 3000,
        "tariff_per_km": 2500,
        "tariff_min": 8000,
        "tariff_max": 40000,
    },
    {
        "slug": "kabupaten-karangasem",
        "name": "Kabupaten Karangasem",
        "province": "Bali",
        "timezone": "Asia/Makassar",
        "tariff_base": 4000,
        "tariff_per_km": 2500,
        "tariff_min": 10000,
        "tariff_max": 50000,
    },
]

# The trade office's desk WhatsApp per region: shoppers reach stalls with no other contact here.
DESK_PHONE_SUFFIX = {"kabupaten-batang": 3, "kabupaten-karangasem": 4}

# Markets; "hours" are every day's (opens, closes) in the region's time zone, "closed" the weekdays
# without trading (0 is Monday), "windows" the delivery windows' start times (Batang's as its app offered).
MARKETS = [
    {
        "slug": "pasar-batang",
        "region": "kabupaten-batang",
        "name": "Pasar Batang",
        "address": "Jl. Jenderal Sudirman, Kauman, Batang",
        "latitude": Decimal("-6.907600"),
        "longitude": Decimal("109.730900"),
        "hours": ("04:30", "13:00"),
        "windows": ("07:00", "09:00", "11:00", "13:00"),
    },
    {
        "slug": "pasar-limpung",
        "region": "kabupaten-batang",
        "name": "Pasar Limpung",
        "address": "Jl. Raya Limpung, Limpung, Batang",
        "latitude": Decimal("-7.027300"),
        "longitude": Decimal("109.918500"),
        "hours": ("05:00", "12:00"),
        "closed": (6,),
        "windows": ("07:00", "09:00", "11:00"),
    },
    {
        "slug": "pasar-amlapura-barat",
        "region": "kabupaten-karangasem",
        "name": "Pasar Amlapura Barat",
        "address": "Jl. Gajah Mada, Amlapura, Karangasem",
        "latitude": Decimal("-8.449200"),
        "longitude": Decimal("115.605400"),
        "hours": ("05:00", "14:00"),
        "windows": ("08:00", "10:00", "12:00", "14:00"),
    },
    {
        "slug": "pasar-amlapura-timur",
        "region": "kabupaten-karangasem",
        "name": "Pasar Amlapura Timur",
        "address": "Jl. Untung Surapati, Amlapura, Karangasem",
        "latitude": Decimal("-8.448100"),
        "longitude": Decimal("115.614600"),
        "hours": ("05:00", "13:00"),
        "windows": ("08:00", "10:00", "12:00"),
    },
    {
        "slug": "pasar-subagan",
        "region": "kabupaten-karangasem",
        "name": "Pasar Subagan",
        "address": "Jl. Ngurah Rai, Subagan, Karangasem",
        "latitude": Decimal("-8.458400"),
        "longitude": Decimal("115.593700"),
        "hours": ("05:00", "12:00"),
        "windows": ("08:00", "10:00", "12:00"),
    },
]

CATEGORIES = [
    ("beras", "Beras dan biji-bijian", "Rice and grains"),
    ("sayur", "Sayur", "Vegetables"),
    ("bumbu", "Cabai dan bumbu", "Chilies and spices"),
    ("buah", "Buah", "Fruit"),
    ("daging", "Daging dan unggas", "Meat and poultry"),
    ("ikan", "Ikan", "Fish"),
    ("telur", "Telur", "Eggs"),
    ("sembako", "Sembako", "Staples"),
    ("jajanan", "Kue dan jajanan pasar", "Cakes and market snacks"),
    ("canang", "Bunga dan canang", "Flowers and offerings"),
]

# (slug, name, English name, category, standard unit)
COMMODITIES = [
    ("beras-medium", "Beras medium", "Medium rice", "beras", "kg"),
    ("beras-premium", "Beras premium", "Premium rice", "beras", "kg"),
    ("cabai-rawit-merah", "Cabai rawit merah", "Red bird's eye chili", "bumbu", "kg"),
    ("cabai-merah-keriting", "Cabai merah keriting", "Curly red chili", "bumbu", "kg"),
    ("bawang-merah", "Bawang merah", "Shallot", "bumbu", "kg"),
    ("bawang-putih", "Bawang putih", "Garlic", "bumbu", "kg"),
    ("telur-ayam-ras", "Telur ayam ras", "Chicken eggs", "telur", "kg"),
    ("daging-ayam-ras", "Daging ayam ras", "Broiler chicken", "daging", "kg"),
    ("ikan-tongkol", "Ikan tongkol", "Mackerel tuna", "ikan", "kg"),
    ("ikan-bandeng", "Ikan bandeng", "Milkfish", "ikan", "kg"),
    ("minyak-goreng", "Minyak goreng", "Cooking oil", "sembako", "liter"),
    ("gula-pasir", "Gula pasir", "Sugar", "sembako", "kg"),
    ("tepung-terigu", "Tepung terigu", "Wheat flour", "sembako", "kg"),
]

# What a product without a photo shows (market.illustrations): its staple's picture, else its category's.
CATEGORY_ILLUSTRATIONS = {
    "beras": "sheaf-of-rice",
    "sayur": "leafy-green",
    "bumbu": "hot-pepper",
    "buah": "banana",
    "daging": "cut-of-meat",
    "ikan": "fish",
    "telur": "egg",
    "sembako": "basket",
    "jajanan": "moon-cake",
    "canang": "hibiscus",
}
COMMODITY_ILLUSTRATIONS = {
    "beras-medium": "sheaf-of-rice",
    "beras-premium": "sheaf-of-rice",
    "cabai-rawit-merah": "hot-pepper",
    "cabai-merah-keriting": "hot-pepper",
    "bawang-merah": "onion",
    "bawang-putih": "garlic",
    "telur-ayam-ras": "egg",
    "daging-ayam-ras": "poultry-leg",
    "ikan-tongkol": "fish",
    "ikan-bandeng": "fish",
    "minyak-goreng": "pouring-liquid",
    "gula-pasir": "jar",
    "tepung-terigu": "bread",
}

# Products of Pasar Batang with a photo (drawn by portal.demo_photos, saved through the traders' own
# photo path): (stall number, product, colour of the goods, how they lie on the tray)
DEMO_PHOTOS = [
    ("A-01", "Kangkung", (60, 140, 50), "leaf"),
    ("A-01", "Tomat", (215, 45, 35), "round"),
    ("A-02", "Cabai rawit merah", (200, 30, 25), "long"),
    ("A-02", "Bawang merah", (165, 60, 85), "round"),
    ("B-01", "Beras medium", (240, 236, 225), "grain"),
    ("C-02", "Ikan bandeng", (170, 180, 190), "fish"),
    ("C-03", "Telur ayam ras", (205, 155, 110), "egg"),
    ("C-04", "Pisang raja", (230, 200, 60), "long"),
]
DEMO_PHOTO_MARKET = "pasar-batang"

# Goods a stall sells, by kind: (name, category, commodity or None, unit, price in rupiah, stock,
# standard units per unit for a commodity sold in another unit, negotiable)
GOODS = {
    "beras": [
        ("Beras medium", "beras", "beras-medium", "kg", 13500, "150", None, False),
        ("Beras premium", "beras", "beras-premium", "kg", 15500, "80", None, False),
        ("Beras ketan putih", "beras", None, "kg", 18000, "20", None, False),
        ("Beras medium karung 25 kg", "beras", "beras-medium", "karung", 325000, "6", "25", True),
    ],
    "bumbu": [
        ("Cabai rawit merah", "bumbu", "cabai-rawit-merah", "kg", 60000, "12", None, True),
        ("Cabai merah keriting", "bumbu", "cabai-merah-keriting", "kg", 45000, "10", None, True),
        ("Bawang merah", "bumbu", "bawang-merah", "kg", 38000, "25", None, True),
        ("Bawang putih", "bumbu", "bawang-putih", "kg", 36000, "20", None, True),
        ("Jahe", "bumbu", None, "ons", 2500, "40", None, False),
    ],
    "sayur": [
        ("Kangkung", "sayur", None, "ikat", 3000, "40", None, False),
        ("Bayam", "sayur", None, "ikat", 3000, "30", None, False),
        ("Kacang panjang", "sayur", None, "ikat", 4000, "25", None, False),
        ("Tomat", "sayur", None, "kg", 12000, "15", None, True),
        ("Kentang", "sayur", None, "kg", 16000, "30", None, True),
        ("Wortel", "sayur", None, "kg", 14000, "20", None, True),
    ],
    "telur": [
        ("Telur ayam ras", "telur", "telur-ayam-ras", "kg", 29000, "40", None, False),
        ("Telur ayam kampung", "telur", None, "butir", 2500, "120", None, False),
        ("Telur bebek", "telur", None, "butir", 3000, "90", None, False),
    ],
    "daging": [
        ("Daging ayam ras", "daging", "daging-ayam-ras", "kg", 38000, "30", None, True),
        ("Ayam kampung utuh", "daging", None, "ekor", 85000, "8", None, True),
        ("Ati ampela ayam", "daging", None, "potong", 2000, "60", None, False),
    ],
    "ikan": [
        ("Ikan tongkol", "ikan", "ikan-tongkol", "kg", 32000, "20", None, True),
        ("Ikan bandeng", "ikan", "ikan-bandeng", "kg", 35000, "15", None, True),
        ("Ikan lele", "ikan", None, "kg", 28000, "18", None, True),
        ("Udang", "ikan", None, "ons", 9000, "30", None, True),
    ],
    "sembako": [
        ("Minyak goreng curah", "sembako", "minyak-goreng", "liter", 18000, "60", None, False),
        ("Minyakita 1 liter", "sembako", "minyak-goreng", "bungkus", 15700, "48", "1", False),
        ("Gula pasir", "sembako", "gula-pasir", "kg", 18000, "50", None, False),
        ("Tepung terigu", "sembako", "tepung-terigu", "kg", 12000, "25", None, False),
    ],
    "buah": [
        ("Pisang raja", "buah", None, "sisir", 25000, "12", None, True),
        ("Jeruk", "buah", None, "kg", 22000, "20", None, True),
        ("Salak bali", "buah", None, "kg", 15000, "25", None, True),
    ],
    "bali": [
        ("Base genep", "bumbu", None, "bungkus", 5000, "30", None, False),
        ("Cabai rawit merah", "bumbu", "cabai-rawit-merah", "kg", 65000, "8", None, True),
        ("Bawang merah", "bumbu", "bawang-merah", "kg", 40000, "15", None, True),
        ("Kacang panjang", "sayur", None, "ikat", 4000, "20", None, False),
    ],
}

# Karangasem's markets sit further from the growing areas: the same goods cost a little more there.
REGION_PRICE_FACTOR = {"kabupaten-batang": Decimal("1"), "kabupaten-karangasem": Decimal("1.08")}

# Trader groups per market, by name; STALLS refers to them by their index here.
GROUPS = {
    "pasar-batang": ["Kelompok 1 — Sayur dan bumbu", "Kelompok 2 — Beras dan sembako", "Kelompok 3 — Lauk"],
    "pasar-limpung": ["Kelompok Pedagang Limpung"],
    "pasar-amlapura-barat": ["Kelompok Amlapura Barat"],
    "pasar-amlapura-timur": ["Kelompok Amlapura Timur"],
    "pasar-subagan": ["Kelompok Subagan"],
}

# Approved stalls: (market, group index, stall number, owner, stall name, goods kind, phone suffix).
# The first stall listed for a group coordinates it. Phone None: a trader without a phone app.
STALLS = [
    ("pasar-batang", 0, "A-01", "Sri Wahyuni", "Sayur Bu Sri", "sayur", 11),
    ("pasar-batang", 0, "A-02", "Slamet Riyadi", "Bumbu Pak Slamet", "bumbu", 21),
    ("pasar-batang", 0, "A-03", "Karsih", "Sayur Mbah Karsih", "sayur", None),
    ("pasar-batang", 0, "A-04", "Siti Aminah", "Bumbu Dapur Bu Siti", "bumbu", 101),
    ("pasar-batang", 1, "B-01", "Darto Wiyono", "Beras Pak Darto", "beras", 102),
    ("pasar-batang", 1, "B-02", "Tarmini", "Toko Sembako Tarmini", "sembako", 103),
    ("pasar-batang", 1, "B-03", "Warsito", "Beras Warsito", "beras", 104),
    ("pasar-batang", 2, "C-01", "Endang Susilowati", "Ayam Potong Bu Endang", "daging", 105),
    ("pasar-batang", 2, "C-02", "Kusnadi", "Ikan Segar Kusnadi", "ikan", 106),
    ("pasar-batang", 2, "C-03", "Suparti", "Telur Bu Suparti", "telur", 107),
    ("pasar-batang", 2, "C-04", "Joko Susanto", "Buah Pak Joko", "buah", 108),
    ("pasar-limpung", 0, "L-01", "Ngatini", "Sayur Bu Ngatini", "sayur", 109),
    ("pasar-limpung", 0, "L-02", "Rohmat", "Beras Rohmat", "beras", 110),
    ("pasar-limpung", 0, "L-03", "Wartini", "Bumbu Wartini", "bumbu", 111),
    ("pasar-limpung", 0, "L-04", "Mulyono", "Telur dan Ayam Mulyono", "daging", 112),
    ("pasar-limpung", 0, "L-05", "Sumiyati", "Sembako Sumiyati", "sembako", 113),
    ("pasar-amlapura-barat", 0, "1-01", "Ni Luh Putu Sari", "Dagang Bumbu Luh Sari", "bali", 12),
    ("pasar-amlapura-barat", 0, "1-02", "I Wayan Sudarma", "Beras Wayan Sudarma", "beras", 114),
    ("pasar-amlapura-barat", 0, "1-03", "Ni Made Suartini", "Sayur Made Suartini", "sayur", 115),
    ("pasar-amlapura-barat", 0, "1-04", "I Nyoman Budiasa", "Ikan Nyoman", "ikan", 116),
    ("pasar-amlapura-barat", 0, "1-05", "Ni Ketut Rai", "Buah Ketut Rai", "buah", 117),
    ("pasar-amlapura-timur", 0, "T-01", "I Ketut Arsana", "Sembako Arsana", "sembako", 118),
    ("pasar-amlapura-timur", 0, "T-02", "Ni Wayan Murni", "Bumbu Bali Murni", "bali", 119),
    ("pasar-amlapura-timur", 0, "T-03", "I Made Widiana", "Ayam Widiana", "daging", 120),
    ("pasar-amlapura-timur", 0, "T-04", "Ni Komang Ayu", "Telur Komang Ayu", "telur", 121),
    ("pasar-amlapura-timur", 0, "T-05", "I Gede Putra", "Sayur Gede Putra", "sayur", 122),
    ("pasar-subagan", 0, "S-01", "Ni Nengah Sukerti", "Dagang Nengah Sukerti", "sayur", 123),
    ("pasar-subagan", 0, "S-02", "I Komang Adi", "Beras Komang Adi", "beras", 124),
    ("pasar-subagan", 0, "S-03", "Ni Luh Ketut Wati", "Bumbu Luh Wati", "bali", 125),
    ("pasar-subagan", 0, "S-04", "I Putu Eka", "Ikan Putu Eka", "ikan", 126),
    ("pasar-subagan", 0, "S-05", "Ni Made Rasmini", "Buah Made Rasmini", "buah", 127),
    ("pasar-subagan", 0, "S-06", "I Wayan Kariasa", "Sembako Kariasa", "sembako", 128),
]

# Applications waiting for the trade office, each applicant agreeing to publish their number:
# (market, stall number, owner, stall name, phone suffix, the categories of the goods applied for)
PENDING_STALLS = [
    ("pasar-limpung", "L-06", "Yuliani", "Kue dan Jajan Pasar Yuli", 201, ["jajanan"]),
    ("pasar-batang", "B-04", "Rahmat Hidayat", "Kelontong Rahmat", 202, ["sembako", "telur"]),
    ("pasar-subagan", "S-07", "Ni Wayan Sekar", "Canang dan Bunga Sekar", 203, ["canang", "buah"]),
]

STAFF = [
    ("kabupaten-batang", "Retno Wulandari", 1, "staff.batang", "Petugas Disperindag Batang"),
    (
        "kabupaten-karangasem",
        "I Gusti Ayu Ratna Dewi",
        2,
        "staff.karangasem",
        "Petugas Disperindag Karangasem",
    ),
]

COMPANY = {
    "region": "kabupaten-karangasem",
    "name": "Ojek Karangasem Bersatu",
    "phone_suffix": 40,
    "address": "Jl. Ngurah Rai No. 12, Amlapura",
    "admin": ("I Made Suardana", 41, "ojek.admin"),
}

# Couriers: (region, name, phone suffix, email local part or None, plate, with the company, status, online)
COURIERS = [
    ("kabupaten-batang", "Agus Prasetyo", 31, "kurir.batang", "G 4521 KB", False, "active", True),
    ("kabupaten-batang", "Budi Santoso", 32, None, "G 3317 AC", False, "active", False),
    ("kabupaten-karangasem", "I Kadek Wira", 33, "kurir.karangasem", "DK 5123 FA", True, "active", True),
    ("kabupaten-karangasem", "I Putu Gede Arta", 34, None, "DK 2871 FB", True, "active", False),
    ("kabupaten-batang", "Dedi Kurniawan", 35, None, "G 6002 KD", False, "pending", False),
    ("kabupaten-karangasem", "I Nyoman Suarta", 36, None, "DK 3390 FC", True, "pending", False),
]

SHOPPER = ("Dewi Lestari", 51, "pembeli")
ADMIN = ("Admin Pasar Daring", 99, "admin")


def demo_phone(suffix: int) -> str:
    """A clearly fake Indonesian mobile number in E.164: +62 812 0000 0xxx."""
    return f"+62812000{suffix:05d}"


def demo_email(local_part: str | None) -> str | None:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}" if local_part else None


def local_form(phone: str) -> str:
    """The number as a trader would type it: +6281200000011 -> 081200000011."""
    return "0" + phone[3:]


def _login(role: str, where: str, name: str, phone_suffix: int, email_local_part: str | None = None) -> dict:
    return {
        "role": role,
        "where": where,
        "name": name,
        "phone": demo_phone(phone_suffix),
        "email": demo_email(email_local_part),
        "password": DEMO_PASSWORD,
    }


# The logins the command prints and README.md lists (tests/portal checks that they agree).
DEMO_LOGINS = [
    _login("staff", "Kabupaten Batang", STAFF[0][1], 1, "staff.batang"),
    _login("staff", "Kabupaten Karangasem", STAFF[1][1], 2, "staff.karangasem"),
    _login("coordinator", "Pasar Batang, also a trader", "Sri Wahyuni", 11),
    _login("coordinator", "Pasar Amlapura Barat, also a trader", "Ni Luh Putu Sari", 12),
    _login("trader", "Pasar Batang", "Slamet Riyadi", 21),
    _login("courier", "Kabupaten Batang, online now", "Agus Prasetyo", 31, "kurir.batang"),
    _login("courier", "Kabupaten Karangasem, in a company", "I Kadek Wira", 33, "kurir.karangasem"),
    _login("company admin", COMPANY["name"], COMPANY["admin"][0], 41, "ojek.admin"),
    _login("shopper", "every market", SHOPPER[0], 51, "pembeli"),
    _login("platform admin", "/admin/", ADMIN[0], 99, "admin"),
    _login("trader applicant", "Pasar Limpung, awaiting review", "Yuliani", 201),
    _login("trader applicant", "Pasar Batang, awaiting review", "Rahmat Hidayat", 202),
    _login("trader applicant", "Pasar Subagan, awaiting review", "Ni Wayan Sekar", 203),
    _login("courier applicant", "Kabupaten Batang, awaiting review", "Dedi Kurniawan", 35),
    _login("courier applicant", f"{COMPANY['name']}, awaiting its admin", "I Nyoman Suarta", 36),
]


def traders_without_an_app() -> list[str]:
    """One line per seeded trader without a phone app, naming who runs their stall (for README.md)."""
    market_names = {row["slug"]: row["name"] for row in MARKETS}
    coordinators = {}  # (market, group index) -> owner of the group's first stall
    lines = []
    for market, group, number, owner, stall_name, _goods, phone_suffix in STALLS:
        coordinators.setdefault((market, group), owner)
        if phone_suffix is None:
            lines.append(
                f"{owner} ({stall_name}, stall {number}, {market_names[market]}) has no phone app and no "
                f"login: {coordinators[(market, group)]}, the coordinator of {GROUPS[market][group]}, "
                "runs the stall."
            )
    return lines
