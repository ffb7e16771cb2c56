"""Roles a user holds through security-profile assignments at every level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from mercato.auth.passwords import DEFAULT_RULES, PasswordRules
from mercato.organizations.models import User, UserGroupMember
from mercato.security.models import SecurityProfile, SecurityProfileAssignment


def available_roles(session: Session, users: Sequence[User]) -> dict[int, list[str]]:
    """Each user's AvailableRoles: the union over user, group and company assignments."""
    result: dict[int, list[str]] = {}
    for user_pk, profiles in profiles_of(session, users).items():
        roles: set[str] = set()
        for profile in profiles:
            roles.update(profile.roles, profile.custom_roles)
        result[user_pk] = sorted(roles)
    return result


def profiles_of(session: Session, users: Sequence[User]) -> dict[int, list[SecurityProfile]]:
    """The security profiles that reach each user, directly, through a group or its company.

    Two statements whatever the number of users, so list pages stay flat.
    """
    if not users:
        return {}
    user_pks = [u.pk for u in users]
    groups_of: dict[int, set[int]] = defaultdict(set)
    for user_pk, group_pk in session.execute(
        select(UserGroupMember.user_pk, UserGroupMember.group_pk).where(
            UserGroupMember.user_pk.in_(user_pks)
        )
    ):
        groups_of[user_pk].add(group_pk)
    all_groups = set().union(*groups_of.values()) if groups_of else set()
    company_pks = {u.company_pk for u in users}
    company_level = and_(
        SecurityProfileAssignment.company_pk.in_(company_pks),
        SecurityProfileAssignment.user_pk.is_(None),
        SecurityProfileAssignment.group_pk.is_(None),
    )
    assignments = session.scalars(
        select(SecurityProfileAssignment).where(
            or_(
                SecurityProfileAssignment.user_pk.in_(user_pks),
                SecurityProfileAssignment.group_pk.in_(all_groups),
                company_level,
            )
        )
    ).all()
    result: dict[int, list[SecurityProfile]] = {}
    for user in users:
        seen: dict[int, SecurityProfile] = {}
        for a in assignments:
            applies = (
                a.user_pk == user.pk
                or (a.group_pk is not None and a.group_pk in groups_of[user.pk])
                or (a.user_pk is None and a.group_pk is None and a.company_pk == user.company_pk)
            )
            if applies:
                seen[a.profile.pk] = a.profile
        result[user.pk] = list(seen.values())
    return result


def password_rules(session: Session, user: User) -> PasswordRules:
    """The user's effective rules: the defaults tightened by every profile that reaches it."""
    rules = DEFAULT_RULES
    for profile in profiles_of(session, [user])[user.pk]:
        rules = rules.tighten(profile.password_config)
    return rules
