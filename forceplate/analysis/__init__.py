"""Phase analysis: pure functions and one streaming analyser over numpy blocks."""

from forceplate.analysis.analyser import Analyser, AnalysisResult, analyse
from forceplate.analysis.config import AnalysisConfig
from forceplate.analysis.exercises import EXERCISES, Exercise, check_exercise_for_method
from forceplate.analysis.methods import METHODS, MethodSpec

__all__ = [
    "EXERCISES", "METHODS", "Analyser", "AnalysisConfig", "AnalysisResult", "Exercise",
    "MethodSpec", "analyse", "check_exercise_for_method",
]
