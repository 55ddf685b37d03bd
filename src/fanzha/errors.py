"""Domain errors: each carries its HTTP status, a stable machine code and a Chinese message.

Services raise these; `fanzha.web.errors` maps them to a JSON body, an htmx toast or a page.
"""

from __future__ import annotations


class DomainError(Exception):
    status_code: int = 400
    code: str = "bad_request"
    message: str = "请求有误"

    def __init__(
        self, message: str | None = None, *, field: str | None = None, code: str | None = None
    ) -> None:
        self.message = message or type(self).message
        self.field = field
        if code:
            self.code = code
        super().__init__(self.message)


class InvalidInput(DomainError):
    status_code = 422
    code = "invalid_input"
    message = "输入有误"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"
    message = "请先登录"


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"
    message = "您的角色无权进行此操作"


class NotFound(DomainError):
    # Also used for records outside the caller's scope, so existence is never revealed.
    status_code = 404
    code = "not_found"
    message = "记录不存在或您无权查看"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    message = "操作与当前状态冲突"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "account_locked"
    message = "登录失败次数过多，账号已临时锁定"
