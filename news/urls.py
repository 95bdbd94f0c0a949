from django.urls import path

from .feeds import NewsAtomFeed, NewsRssFeed

urlpatterns = [
    path("aktuelles.rss", NewsRssFeed(), name="news_feed_rss"),
    path("aktuelles.atom", NewsAtomFeed(), name="news_feed_atom"),
    path("<slug:region>/aktuelles.rss", NewsRssFeed(), name="region_news_feed_rss"),
    path("<slug:region>/aktuelles.atom", NewsAtomFeed(), name="region_news_feed_atom"),
]
