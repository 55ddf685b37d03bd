"""The conditions under which org operations refuse (messages in fanzha.i18n.org, by code)."""

from __future__ import annotations

from fanzha.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class UnitOutOfScope(InvalidInput):
    """The unit chosen for a new record does not exist or is outside the actor's units."""

    code = "unit_out_of_scope"


class UnitHasNoChildren(InvalidInput):
    code = "unit_has_no_children"


class UnitCodeTaken(Conflict):
    code = "unit_code_taken"


class UnitNameMissing(InvalidInput):
    code = "unit_name_missing"


class UnitPopulationInvalid(InvalidInput):
    code = "unit_population_invalid"


class GridCodeTaken(Conflict):
    code = "grid_code_taken"


class GridOutsideUnit(InvalidInput):
    code = "grid_outside_unit"


class StaffPhoneTaken(Conflict):
    code = "staff_phone_taken"


class StaffIdNumberTaken(Conflict):
    code = "staff_id_number_taken"


class StaffBadgeTaken(Conflict):
    code = "staff_badge_taken"


class StaffUnmaskDenied(PermissionDenied):
    code = "staff_unmask_denied"


class StaffExportDenied(PermissionDenied):
    code = "staff_export_denied"


class TeamNameTaken(Conflict):
    code = "team_name_taken"


class TeamMemberOutsideUnit(InvalidInput):
    code = "team_member_outside_unit"


class TeamMemberMissing(InvalidInput):
    code = "team_member_missing"


class TeamMemberNotFound(NotFound):
    code = "team_member_not_found"


class DutyShiftClash(Conflict):
    """Another team is on duty for the unit in part of the time asked for."""

    code = "duty_shift_clash"


class DutyShiftNotFound(NotFound):
    code = "duty_shift_not_found"


class ImportKindNotFound(NotFound):
    code = "import_kind_not_found"


class BoundaryFileRefused(InvalidInput):
    """A grid boundary file with problems (fanzha.org.boundary_file): nothing was stored;
    `problems` lists each in Chinese, naming the grid."""

    code = "boundary_file_refused"

    def __init__(self, problems: list[str]) -> None:
        super().__init__(count=len(problems), field="file")
        self.problems = problems
