"""What changes a market's public pages, for the storefront's cache (market.storefront): a product,
stall or trader group saved or deleted (signals, so the admin counts too), and the writes that send no
signal (stock moves, the quick update's bulk update), which call products_changed()."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from market.storefront import storefront_changed
from vendors.models import Product, Trader, TraderGroup


def products_changed(product_ids) -> None:
    """These products' prices, stock or visibility changed without a save() of each."""
    markets = Trader.objects.filter(products__pk__in=list(product_ids)).values_list("market_id", flat=True)
    storefront_changed(*set(markets))


@receiver([post_save, post_delete], sender=Product, dispatch_uid="vendors.storefront_product")
def product_saved(sender, instance, **kwargs):
    trader = instance._state.fields_cache.get("trader")
    if trader is not None:
        markets = [trader.market_id]
    else:  # by the stall's id: a deleted product's row is gone
        markets = Trader.objects.filter(pk=instance.trader_id).values_list("market_id", flat=True)
    storefront_changed(*markets, products=[instance.pk])


@receiver([post_save, post_delete], sender=Trader, dispatch_uid="vendors.storefront_stall")
def stall_saved(sender, instance, **kwargs):
    storefront_changed(instance.market_id, stalls=[instance.pk])


@receiver([post_save, post_delete], sender=TraderGroup, dispatch_uid="vendors.storefront_group")
def group_saved(sender, instance, **kwargs):
    storefront_changed(instance.market_id)
