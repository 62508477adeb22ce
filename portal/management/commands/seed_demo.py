from datetime import time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from couriers.models import Courier, CourierCompany, ProfileStatus
from market.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Category,
    Commodity,
    Decision,
    DecisionAction,
    DeliveryWindow,
    Market,
    MarketHours,
    Region,
    RegionStaff,
)
from orders.kelurahan import kelurahan_seed
from portal import demo_data as demo
from portal.demo_photos import demo_photo
from vendors.models import Product, Trader, TraderGroup, TraderStatus, default_step
from vendors.services.products import derived_factor, product_update


class Command(BaseCommand):
    help = (
        "Fill the database with demo markets, traders, couriers, staff and a shopper. Running it again "
        "changes nothing. Refuses to run with DEBUG off unless --force: the demo passwords are public."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="seed even with DEBUG off")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: seed_demo creates accounts with a public password. Use --force to seed anyway."
            )
        with transaction.atomic():
            DemoSeeder().seed()
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Demo logins (the phone as typed, or the email):")
        )
        self.stdout.write(login_table())
        for line in demo.traders_without_an_app():
            self.stdout.write(line)


def login_table() -> str:
    """The demo logins as a Markdown table, aligned so it also reads well in a terminal."""
    rows = [("role", "name", "phone", "email", "password")] + [
        (
            f"{login['role']} ({login['where']})",
            login["name"],
            demo.local_form(login["phone"]),
            login["email"] or "-",
            login["password"],
        )
        for login in demo.DEMO_LOGINS
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [_table_line(row, widths) for row in rows]
    lines.insert(1, _table_line(["-" * width for width in widths], widths))
    return "\n".join(lines)


def _table_line(cells, widths) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"


class DemoSeeder:
    """Writes the demo data with get_or_create on natural keys, so a second run changes nothing."""

    def __init__(self):
        self.now = timezone.now()
        # Every demo account shares the public password: hash it once, not once per account.
        self.password_hash = make_password(demo.DEMO_PASSWORD)

    def seed(self):
        self.regions = {row["slug"]: self._region(row) for row in demo.REGIONS}
        self.markets = {row["slug"]: self._market(row) for row in demo.MARKETS}
        kelurahan_seed(self.regions)
        self.seed_catalogue()
        self.staff = {
            region: self._staff(region, name, suffix, email, title)
            for region, name, suffix, email, title in demo.STAFF
        }
        self._stalls()
        self._photos()
        self._pending_stalls()
        company = self._company()
        for row in demo.COURIERS:
            self._courier(*row, company=company)
        self._user(*demo.SHOPPER)
        self._user(*demo.ADMIN, is_staff=True, is_superuser=True)

    def seed_catalogue(self):
        """The categories and monitored commodities (seed_scale's products use them too)."""
        self.categories = {
            slug: self._category(slug, name, name_en, position)
            for position, (slug, name, name_en) in enumerate(demo.CATEGORIES)
        }
        self.commodities = {row[0]: self._commodity(*row) for row in demo.COMMODITIES}
        # Filled in where still empty, so a database seeded before illustrations existed gets them too.
        for model, pictures in (
            (Category, demo.CATEGORY_ILLUSTRATIONS),
            (Commodity, demo.COMMODITY_ILLUSTRATIONS),
        ):
            for slug, picture in pictures.items():
                model.objects.filter(slug=slug, illustration="").update(illustration=picture)

    # --- accounts ---------------------------------------------------------------

    def _user(self, name, phone_suffix, email_local_part=None, **flags) -> User:
        phone = demo.demo_phone(phone_suffix)
        user = User.objects.filter(phone=phone, phone_verified=True).first()
        if user is None:
            user = User(
                name=name,
                phone=phone,
                phone_verified=True,
                email=demo.demo_email(email_local_part),
                language="id",
                **flags,
            )
            user.password = self.password_hash
            user.save()
        return user

    # --- market -----------------------------------------------------------------

    def _region(self, row) -> Region:
        return Region.objects.get_or_create(slug=row["slug"], defaults=row)[0]

    def _market(self, row) -> Market:
        row = dict(row)
        opens, closes = (time.fromisoformat(clock) for clock in row.pop("hours"))
        closed = row.pop("closed", ())
        windows = [time.fromisoformat(clock) for clock in row.pop("windows", ())]
        region = self.regions[row["region"]]
        fields = {
            **row,
            "region": region,
            "desk_whatsapp": demo.demo_phone(demo.DESK_PHONE_SUFFIX[region.slug]),
        }
        market = Market.objects.get_or_create(slug=row["slug"], defaults=fields)[0]
        if not market.hours.exists():
            MarketHours.objects.bulk_create(
                MarketHours(market=market, weekday=day, opens=opens, closes=closes)
                for day in range(7)
                if day not in closed
            )
        if not market.delivery_windows.exists():
            DeliveryWindow.objects.bulk_create(
                DeliveryWindow(market=market, starts=starts) for starts in windows
            )
        return market

    def _category(self, slug, name, name_en, position) -> Category:
        defaults = {"name": name, "name_en": name_en, "position": position}
        return Category.objects.get_or_create(slug=slug, defaults=defaults)[0]

    def _commodity(self, slug, name, name_en, category, unit) -> Commodity:
        defaults = {
            "name": name,
            "name_en": name_en,
            "category": self.categories[category],
            "standard_unit": unit,
        }
        return Commodity.objects.get_or_create(slug=slug, defaults=defaults)[0]

    def _staff(self, region_slug, name, phone_suffix, email_local_part, title) -> User:
        user = self._user(name, phone_suffix, email_local_part)
        RegionStaff.objects.get_or_create(
            user=user, region=self.regions[region_slug], defaults={"title": title}
        )
        return user

    def _application(self, *, kind, applicant, region, status, submitted_by=None, age_hours=72):
        """An application with the approve decision of the region's staff when it was approved."""
        application = Application.objects.create(
            kind=kind,
            applicant=applicant,
            submitted_by=submitted_by or applicant,
            region=region,
            status=status,
            created_at=self.now - timedelta(hours=age_hours),
            decided_at=None
            if status == ApplicationStatus.PENDING
            else self.now - timedelta(hours=age_hours - 2),
        )
        if status == ApplicationStatus.APPROVED:
            Decision.objects.create(
                application=application,
                action=DecisionAction.APPROVE,
                actor=self.staff[region.slug],
                reason="Data lapak sudah dicek petugas pasar.",
                created_at=application.decided_at,
            )
        return application

    # --- vendors ----------------------------------------------------------------

    def _stalls(self):
        groups = {
            (market, index): TraderGroup.objects.get_or_create(market=self.markets[market], name=name)[0]
            for market, names in demo.GROUPS.items()
            for index, name in enumerate(names)
        }
        for market, group_index, number, owner, stall_name, goods, phone_suffix in demo.STALLS:
            group = groups[(market, group_index)]
            user = self._user(owner, phone_suffix) if phone_suffix else None
            trader = self._stall(
                market=self.markets[market],
                number=number,
                owner=owner,
                stall_name=stall_name,
                user=user,
                group=group,
                whatsapp=user.phone if user else None,
                status=TraderStatus.ACTIVE,
            )
            if group.coordinator_id is None:
                group.coordinator = trader
                group.save(update_fields=["coordinator"])
            for row in demo.GOODS[goods]:
                self._product(trader, *row)
            # The goods the stall applied with: the categories of what it sells.
            trader.categories.set({self.categories[row[1]] for row in demo.GOODS[goods]})

    def _stall(
        self,
        *,
        market,
        number,
        owner,
        stall_name,
        user,
        status,
        group=None,
        whatsapp=None,
        whatsapp_public=False,
        age_hours=72,
    ):
        trader = Trader.objects.filter(market=market, stall_number=number).first()
        if trader is not None:
            return trader
        application_status = (
            ApplicationStatus.APPROVED if status == TraderStatus.ACTIVE else ApplicationStatus.PENDING
        )
        # A trader without a phone app was registered by the trade office on their behalf.
        application = self._application(
            kind=ApplicationKind.TRADER,
            applicant=user,
            submitted_by=user or self.staff[market.region.slug],
            region=market.region,
            status=application_status,
            age_hours=age_hours,
        )
        # Without a phone of their own, the stall's WhatsApp is their coordinator's.
        if whatsapp is None:
            whatsapp = group.coordinator.whatsapp if group and group.coordinator else demo.demo_phone(11)
        return Trader.objects.create(
            user=user,
            market=market,
            group=group,
            application=application,
            stall_name=stall_name,
            owner_name=owner,
            stall_number=number,
            whatsapp=whatsapp,
            whatsapp_public=whatsapp_public,
            status=status,
        )

    def _photos(self):
        """Photos for a few products, through the same service (decoding, thumbnail) as a trader's upload;
        a product that has a photo keeps it."""
        products = Product.objects.select_related("trader__user", "trader__group__coordinator__user")
        for number, name, colour, shape in demo.DEMO_PHOTOS:
            product = products.get(
                trader__market=self.markets[demo.DEMO_PHOTO_MARKET], trader__stall_number=number, name=name
            )
            if not product.photo:
                actor = product.trader.user or product.trader.group.coordinator.user
                product_update(actor=actor, product=product, photo=demo_photo(name, colour, shape))

    def _product(self, trader, name, *goods):
        price_factor = demo.REGION_PRICE_FACTOR[trader.market.region.slug]
        Product.objects.get_or_create(
            trader=trader, name=name, defaults=self.product_fields(*goods, price_factor=price_factor)
        )

    def product_fields(
        self, category, commodity, unit, price, stock, factor, negotiable, *, price_factor=Decimal(1)
    ) -> dict:
        """A product's fields (all but trader and name) from one row of demo.GOODS, priced for a region."""
        return {
            "category": self.categories[category],
            "commodity": self.commodities[commodity] if commodity else None,
            "commodity_factor": self._commodity_factor(unit, commodity, factor),
            "unit": unit,
            "step": default_step(unit),
            "price": round_to_500(price * price_factor),
            "stock": Decimal(stock),
            "negotiable": negotiable,
        }

    def _commodity_factor(self, unit, commodity, factor):
        """As the product services set it: derived for weights and the standard unit itself, else given."""
        if commodity is None:
            return None
        derived = derived_factor(unit, self.commodities[commodity].standard_unit)
        if derived is None and factor is None:
            raise CommandError(f"demo data: {unit} of {commodity} needs its factor")
        return derived if derived is not None else Decimal(factor)

    def _pending_stalls(self):
        for hours, (market, number, owner, stall_name, phone_suffix, goods) in enumerate(
            demo.PENDING_STALLS, start=3
        ):
            user = self._user(owner, phone_suffix)
            trader = self._stall(
                market=self.markets[market],
                number=number,
                owner=owner,
                stall_name=stall_name,
                user=user,
                whatsapp=user.phone,
                whatsapp_public=True,
                status=TraderStatus.PENDING,
                age_hours=hours,
            )
            trader.categories.set([self.categories[slug] for slug in goods])

    # --- couriers ---------------------------------------------------------------

    def _company(self) -> CourierCompany:
        row = demo.COMPANY
        region = self.regions[row["region"]]
        company = CourierCompany.objects.filter(region=region, name=row["name"]).first()
        admin = self._user(*row["admin"])
        if company is None:
            company = CourierCompany.objects.create(
                region=region,
                name=row["name"],
                phone=demo.demo_phone(row["phone_suffix"]),
                address=row["address"],
                status=ProfileStatus.ACTIVE,
                application=self._application(
                    kind=ApplicationKind.COMPANY,
                    applicant=admin,
                    region=region,
                    status=ApplicationStatus.APPROVED,
                    age_hours=24 * 30,
                ),
            )
        company.admins.add(admin)
        return company

    def _courier(self, region_slug, name, phone_suffix, email, plate, in_company, status, online, *, company):
        user = self._user(name, phone_suffix, email)
        if Courier.objects.filter(user=user).exists():
            return
        region = self.regions[region_slug]
        approved = status == ProfileStatus.ACTIVE
        Courier.objects.create(
            user=user,
            region=region,
            company=company if in_company else None,
            plate_number=plate,
            status=status,
            is_online=online,
            application=self._application(
                kind=ApplicationKind.COURIER,
                applicant=user,
                region=region,
                status=ApplicationStatus.APPROVED if approved else ApplicationStatus.PENDING,
                age_hours=24 * 7 if approved else 5,
            ),
        )


def round_to_500(amount: Decimal) -> int:
    """Market prices move in steps of Rp 500."""
    return int((Decimal(amount) / 500).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 500)
