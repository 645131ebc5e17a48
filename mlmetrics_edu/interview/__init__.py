"""Interview practice: one question engine behind the quiz widget, the mock interview and review.

* ``bank``       -- load and validate the question bank (``drills/questions``, ``answers/questions``),
                    draw a seeded instance of a question, grade an answer;
* ``generators`` -- seeded parameter generators for numeric questions, computed with the package.
"""

from .bank import AnswerError, Bank, BankError, Instance, Question, Result, grade, instantiate, load_bank

__all__ = ["AnswerError", "Bank", "BankError", "Instance", "Question", "Result", "grade",
           "instantiate", "load_bank"]
