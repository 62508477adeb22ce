"""The kelurahan and desa around the demo markets, seeded by `seed_demo` and editable by staff in the
admin. Centre points are approximate (read off public maps, rounded); a row without one is charged its
flat fee. Names follow Kemendagri's list; the maintained datasets carry no centre points (see
docs/decisions.md)."""

from decimal import Decimal

from orders.models import Kelurahan

# region slug -> (kecamatan, kelurahan/desa, latitude, longitude, flat fee)
DEMO_KELURAHAN = {
    "kabupaten-batang": [
        ("Batang", "Kauman", "-6.9071", "109.7318", None),
        ("Batang", "Proyonanggan Tengah", "-6.9112", "109.7290", None),
        ("Batang", "Proyonanggan Utara", "-6.9046", "109.7262", None),
        ("Batang", "Proyonanggan Selatan", "-6.9170", "109.7301", None),
        ("Batang", "Kasepuhan", "-6.9020", "109.7355", None),
        ("Batang", "Karangasem Utara", "-6.8990", "109.7270", None),
        ("Batang", "Karangasem Selatan", "-6.9098", "109.7380", None),
        ("Batang", "Sambong", "-6.9205", "109.7240", None),
        ("Batang", "Watesalit", "-6.9232", "109.7362", None),
        ("Batang", "Denasri Kulon", "-6.9300", "109.7205", None),
        ("Batang", "Kecepak", "-6.9330", "109.7440", None),
        ("Batang", "Klidang Lor", "-6.8920", "109.7430", None),
        ("Batang", "Klidang Wetan", "-6.8955", "109.7520", None),
        ("Batang", "Karanganyar", "-6.9260", "109.7100", None),
        ("Batang", "Cepokokuning", None, None, 15000),
        ("Limpung", "Limpung", "-7.0270", "109.9170", None),
        ("Limpung", "Amongrogo", "-7.0335", "109.9090", None),
        ("Limpung", "Dlisen", None, None, 12000),
    ],
    "kabupaten-karangasem": [
        ("Karangasem", "Karangasem", "-8.4500", "115.6090", None),
        ("Karangasem", "Padangkerta", "-8.4640", "115.6020", None),
        ("Karangasem", "Subagan", "-8.4585", "115.5950", None),
        ("Karangasem", "Bukit", "-8.4380", "115.6200", None),
        ("Karangasem", "Tumbu", "-8.4300", "115.6300", None),
        ("Karangasem", "Pertima", "-8.4700", "115.6250", None),
        ("Karangasem", "Seraya", None, None, 25000),
    ],
}


def kelurahan_seed(regions_by_slug: dict) -> None:
    """Write the demo kelurahan of each region given (region slug -> Region); an existing row is kept."""
    for slug, rows in DEMO_KELURAHAN.items():
        region = regions_by_slug.get(slug)
        if region is None:
            continue
        for district, name, latitude, longitude, flat_fee in rows:
            Kelurahan.objects.get_or_create(
                region=region,
                district=district,
                name=name,
                defaults={
                    "latitude": Decimal(latitude) if latitude else None,
                    "longitude": Decimal(longitude) if longitude else None,
                    "flat_fee": flat_fee,
                },
            )
