"""What traders type, and what it must save as, for every place a price or quantity is typed (product
form, quick update, product API, bulk API, admin). Messages are the Indonesian ones the trader sees."""

from decimal import Decimal

FORTY_FIVE_THOUSAND = ["45.000", "45.000,-", "Rp 45.000", "45rb", "45000"]

RANGE = "Harga harus antara Rp 1 dan Rp 100.000.000."
NOT_A_PRICE = {
    "4,5": "Isi harga dalam rupiah bulat, mis. 45000. Untuk Rp 4.500 tulis 4.500 atau 4,5rb.",
    "-1": RANGE,
    "abc": "Isi harga dalam rupiah bulat, mis. 45000. Boleh juga 45.000 atau 45rb.",
    "100.000.001": RANGE,
}

QUANTITIES = {
    "1.000": Decimal("1000"),
    "12,5": Decimal("12.5"),
    "0,25": Decimal("0.25"),
    "1.000,5": Decimal("1000.5"),
}
