"""The bank's books: deposits by portfolio, the loan book, provisions, and the P&L."""
from .books import Activity, Books
from .loans import CLASSES, Loan

__all__ = ["Books", "Activity", "Loan", "CLASSES"]
