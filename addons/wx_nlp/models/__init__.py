# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import wx_nlp_lexicon_term
from . import wx_nlp_correction
from . import wx_feedback
from . import wx_nlp_keyword
from . import wx_nlp_model
