from casework.formats.dates import DAY_INPUT_FORMATS, HOUR_INPUT_FORMATS

# The English interface keeps Vietnamese day-first dates: the documents and the people are Vietnamese.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
# Day first, as typed in the dd/mm/yyyy text fields (casework/web/widgets.py); ISO accepted last.
DATE_INPUT_FORMATS = DAY_INPUT_FORMATS
TIME_INPUT_FORMATS = HOUR_INPUT_FORMATS
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
FIRST_DAY_OF_WEEK = 1
