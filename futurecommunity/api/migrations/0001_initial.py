import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                ("name", models.CharField(max_length=100, verbose_name="名称")),
                ("token_hash", models.CharField(max_length=64, unique=True, verbose_name="令牌哈希（SHA-256）")),
                ("prefix", models.CharField(db_index=True, max_length=12, verbose_name="令牌前缀")),
                ("expires_at", models.DateTimeField(verbose_name="过期时间")),
                ("last_used_at", models.DateTimeField(blank=True, null=True, verbose_name="最近使用时间")),
                ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="吊销时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="创建人",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="代表用户",
                    ),
                ),
            ],
            options={
                "verbose_name": "接口令牌",
                "verbose_name_plural": "接口令牌",
                "ordering": ["-created_at"],
            },
        ),
    ]
