from __future__ import annotations

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fanzha.db import Base


class Center(Base):
    """Another city's (or province's) anti-fraud center: where a warning about a person who
    lives there is transferred, and whose answer we wait for. The directory is the city's,
    edited by admins; no unit owns a row."""

    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(20))  # 江西省
    city: Mapped[str] = mapped_column(String(20), default="")  # 南昌市; "" for a province's center
    name: Mapped[str] = mapped_column(String(60))  # 南昌市公安局反诈中心
    phone: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        UniqueConstraint("name", name="uq_centers_name"),
        Index("ix_centers_province_city", "province", "city"),
    )
