"""Page-number pagination with a ceiling on the page number.

ninja's own accepts any page ≥ 1; a page such as 10**25 overflows the database's OFFSET
(SQLite: "datatype mismatch", PostgreSQL: "bigint out of range") and became a server error.
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)
