"""Interview practice: one practice engine behind the quiz widget, the mock interview and review.

The front ends (``widgets.quiz``, ``cli.interview``, ``cli.review``) only display and read;
everything else is here, bottom up:

* ``question``   -- the dataclasses (Question, Instance, Result), the errors, topics and levels,
                    and reading an answer as people type it;
* ``kinds``      -- one class per question kind (build, instantiate, grade, model response,
                    reveal), found in one table: a new kind is one new class;
* ``rubric``     -- what a typed answer covers; which bug lines are valid and what a wrong one shows;
* ``generators`` -- seeded parameter generators for numeric questions, computed with the package;
* ``bank``       -- load and validate the question bank (``drills/questions``, ``answers/questions``),
                    draw a seeded instance of a question (a chain keeps its numbers), grade an answer;
* ``planner``    -- one planner: topics, levels, follow-up rules, one random generator;
* ``session``    -- one session state machine: answer, grade, score, totals, misconceptions, time;
* ``schedule``   -- the fsrs ratings (the one home of scheduling); ``review`` -- the review queue;
* ``report``     -- the report card; ``audit`` -- the bank audit; ``cheatsheet`` -- the cheat sheet.
"""

from .bank import AnswerError, Bank, BankError, Instance, Question, Result, grade, instantiate, load_bank

__all__ = ["AnswerError", "Bank", "BankError", "Instance", "Question", "Result", "grade",
           "instantiate", "load_bank"]
