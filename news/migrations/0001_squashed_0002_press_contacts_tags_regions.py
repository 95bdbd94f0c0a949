"""The app's migrations 0001-0002 in one (squashed with Django's squashmigrations). A new database
runs only this migration; a database that applied all the replaced ones has it marked applied
(see `replaces`)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import modelcluster.contrib.taggit
import modelcluster.fields

import modelsearch.index

import home.migration_fields


class Migration(migrations.Migration):
    replaces = [("news", "0001_initial"), ("news", "0002_press_contacts_tags_regions")]

    initial = True

    dependencies = [
        ("home", "0001_squashed_0003_page_ui_translations"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="PressContact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("role", models.CharField(blank=True, max_length=200, verbose_name="role")),
                (
                    "organisation",
                    models.CharField(blank=True, max_length=200, verbose_name="organisation"),
                ),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
            ],
            options={
                "verbose_name": "press contact",
                "verbose_name_plural": "press contacts",
                "ordering": ["name"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="NewsIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", models.TextField(blank=True, verbose_name="introduction")),
                (
                    "include_all_regions",
                    models.BooleanField(
                        default=False,
                        help_text="On for the network-wide listing; off for a region's own listing.",
                        verbose_name="show news of all regions",
                    ),
                ),
            ],
            options={
                "verbose_name": "news index page",
                "verbose_name_plural": "news index pages",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="NewsPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "date",
                    models.DateField(default=django.utils.timezone.localdate, verbose_name="date"),
                ),
                ("teaser", models.TextField(blank=True, max_length=500, verbose_name="teaser")),
                ("body", home.migration_fields.article_body()),
                (
                    "extra_regions",
                    modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        help_text="The item always belongs to the region it is filed under; tick further regions it concerns to show it in their listings and feeds too.",
                        related_name="further_news",
                        to="home.regionpage",
                        verbose_name="further regions",
                    ),
                ),
                (
                    "image",
                    models.ForeignKey(
                        blank=True,
                        help_text="Shown in listings and when the item is shared.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="lead image",
                    ),
                ),
                (
                    "image_credit",
                    models.CharField(
                        blank=True, help_text="Foto: …", max_length=200, verbose_name="photo credit"
                    ),
                ),
                (
                    "source_key",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        default="",
                        editable=False,
                        max_length=64,
                        verbose_name="import source key",
                    ),
                ),
            ],
            options={
                "verbose_name": "news item",
                "verbose_name_plural": "news items",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="NewsPageTag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "content_object",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tagged_items",
                        to="news.newspage",
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s_items",
                        to="taggit.tag",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="newspage",
            name="tags",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="news.NewsPageTag",
                to="taggit.Tag",
                verbose_name="topics",
            ),
        ),
        migrations.AddField(
            model_name="newspage",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="news.presscontact",
                verbose_name="press contact",
            ),
        ),
    ]
