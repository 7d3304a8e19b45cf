"""What the i18n tests look for: letters only Vietnamese uses, and the names gettext is called by."""

from __future__ import annotations

import re

# Letters only Vietnamese uses, with their tone-marked forms.
VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)

GETTEXT_NAMES = frozenset(
    {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
)
