"""Organisation since 1 July 2025: typed units in a tree with validity periods and lineage,
desks (counters), their QR codes, and procedures."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db
from surveyapp.models.clock import utcnow

FORM_MODES = ("quick", "full")


class UnitType(db.Model):
    """A kind of unit (province, commune, service centre...): the tree's levels are data."""

    __tablename__ = "unit_types"

    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    rank: Mapped[int]  # display order: province first, reception points last
    hosts_desks: Mapped[bool] = mapped_column(default=False)
    # Types a unit of this type may sit under; empty: only at the top of the tree.
    parent_types: Mapped[list[str]] = mapped_column(sa.JSON, default=list)


class Unit(db.Model):
    """A unit of the tree. ``code`` is our own stable key; ``official_code`` the state's
    (Quyết định 19/2025/QĐ-TTg: 2-digit province, 5-digit commune), which can change."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    official_code: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    type_code: Mapped[str] = mapped_column(sa.ForeignKey("unit_types.code"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("units.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(sa.Date)
    # The first day the unit no longer exists (a merger's effective date); None while open.
    closed_on: Mapped[date | None] = mapped_column(sa.Date)
    # Its public results page (/cong-khai/<code>) is shown: off until an administrator turns it on.
    public_page: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    type: Mapped[UnitType] = relationship(lazy="joined")
    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")
    desks: Mapped[list[Desk]] = relationship(back_populates="unit", order_by="Desk.code")
    procedures: Mapped[list[Procedure]] = relationship(
        back_populates="unit", order_by="Procedure.name"
    )

    def is_open(self, on: date) -> bool:
        started = self.valid_from is None or self.valid_from <= on
        return started and (self.closed_on is None or on < self.closed_on)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class UnitLineage(db.Model):
    """One edge of a reorganisation: ``predecessor`` went (wholly or partly) into ``successor``.

    A predecessor with one successor was merged whole, so the successor's reports include its
    history; one with several successors was split, and its responses stay a closed series.
    """

    __tablename__ = "unit_lineage"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    successor_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    effective_on: Mapped[date] = mapped_column(sa.Date)
    basis: Mapped[str] = mapped_column(sa.String(300))  # e.g. "Nghị quyết 1683/NQ-UBTVQH15"

    predecessor: Mapped[Unit] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Unit] = relationship(foreign_keys=[successor_id])

    __table_args__ = (sa.UniqueConstraint("predecessor_id", "successor_id"),)


class Desk(db.Model):
    """A one-stop desk (counter) of a unit. Citizens reach its form through a QR code."""

    __tablename__ = "desks"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    instrument_code: Mapped[str] = mapped_column(sa.String(40), default="sipas-desk")
    active: Mapped[bool] = mapped_column(default=True)
    # "quick": overall rating and one criterion per component, drawn per page load; "full":
    # every criterion. New desks are quick; desks that existed before the mode keep full.
    form_mode: Mapped[str] = mapped_column(sa.String(8), default="quick", server_default="full")

    unit: Mapped[Unit] = relationship(back_populates="desks")
    codes: Mapped[list[DeskCode]] = relationship(
        back_populates="desk", order_by="DeskCode.issued_at"
    )

    __table_args__ = (sa.CheckConstraint(sa.column("form_mode").in_(FORM_MODES), name="form_mode"),)

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
