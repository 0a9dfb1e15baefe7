"""Organisation: units in a tree, desks (counters) and the QR codes issued to them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow

UNIT_LEVELS = ("province", "department", "district", "commune")


class Unit(db.Model):
    """An administrative unit: province, department or district, commune."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    level: Mapped[str] = mapped_column(sa.String(16))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")
    desks: Mapped[list[Desk]] = relationship(back_populates="unit", order_by="Desk.code")
    procedures: Mapped[list[Procedure]] = relationship(
        back_populates="unit", order_by="Procedure.name"
    )

    __table_args__ = (sa.CheckConstraint(sa.column("level").in_(UNIT_LEVELS), name="level"),)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class Desk(db.Model):
    """A one-stop desk (counter) of a unit. Citizens reach its form through a QR code."""

    __tablename__ = "desks"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    instrument_code: Mapped[str] = mapped_column(sa.String(40), default="sipas-desk")
    active: Mapped[bool] = mapped_column(default=True)

    unit: Mapped[Unit] = relationship(back_populates="desks")
    codes: Mapped[list[DeskCode]] = relationship(
        back_populates="desk", order_by="DeskCode.issued_at"
    )

    def __repr__(self) -> str:
        return f"<Desk {self.code}>"


class DeskCode(db.Model):
    """One issued QR code of a desk. Re-issuing revokes the previous one."""

    __tablename__ = "desk_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(sa.ForeignKey("desks.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(16), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    desk: Mapped[Desk] = relationship(back_populates="codes")


class Procedure(db.Model):
    """An administrative procedure (TTHC) handled by a unit."""

    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))

    unit: Mapped[Unit] = relationship(back_populates="procedures")

    __table_args__ = (sa.UniqueConstraint("unit_id", "code"),)
