"""Word lists for the large practice: names with accents, organisation names, titles, task titles."""

from __future__ import annotations

FIRST_NAMES = (
    "Amélie", "Bilal", "Chiara", "Dana", "Émile", "Farah", "Gonzalo", "Hélène", "Ines", "Jürgen", "Kwame",
    "Léa", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomás", "Uma", "Valentín",
    "Wen", "Ximena", "Yusuf", "Zoë", "Agnieszka", "Bruno", "Céline", "Dmitri", "Eun-ji", "François",
    "Grace", "Hamid", "Ingrid", "José", "Keiko", "Luís", "Maëlle", "Nikolaj", "Olúwaseun", "Paula",
)
LAST_NAMES = (
    "Abadi", "Bergström", "Castañeda", "Dubois", "Eriksen", "Fernández", "García", "Hoang", "Ibáñez",
    "Jankowski", "Kowalczyk", "Lefèvre", "Müller", "Núñez", "O'Connor", "Pérez", "Quiñones", "Rasmussen",
    "Schröder", "Takahashi", "Ueda", "Vásquez", "Wiśniewski", "Xu", "Yılmaz", "Zoller", "Ødegaard",
    "Brontë", "Çelik", "Đorđević", "Mbeki", "Nakamura", "Okafor", "Petrović", "Rahman", "Silva",
)
ORG_FIRST = (
    "Northern", "Capitol", "Harbor", "Civic", "Metro", "Pioneer", "Summit", "Lakeside", "Granite", "Prairie",
    "Atlantic", "Riverside", "Evergreen", "Beacon", "Frontier", "Keystone", "Maple", "Union", "Cedar", "Liberty",
)
ORG_SECOND = (
    "Tribune", "Policy Institute", "Analytics", "Public Radio", "Foundation", "Data Lab", "Gazette",
    "Strategies", "Health Trust", "Review", "Labs", "Chronicle", "Partners", "Council", "Ledger",
    "Newsroom", "Research Group", "Capital", "Observatory", "Collective", "Studio", "Advocates",
    "Dispatch", "Works", "Bureau",
)
TITLES = (
    "Politics editor", "Data reporter", "Policy analyst", "Senior research fellow", "Legislative aide",
    "Communications director", "Product manager", "Software engineer", "Campaign manager", "Producer",
    "Chief of staff", "Investigative reporter", "Economist", "Program officer", "Managing editor",
    "Graphics editor", "Press secretary", "Associate", "Data scientist", "Development director",
)
CITIES = (
    ("Washington, DC", "America/New_York"), ("New York", "America/New_York"), ("Chicago", "America/Chicago"),
    ("Denver", "America/Denver"), ("San Francisco", "America/Los_Angeles"), ("London", "Europe/London"),
    ("Berlin", "Europe/Berlin"), ("Toronto", "America/Toronto"), ("Madrid", "Europe/Madrid"),
)
TAGS = ("alumni-network", "journalism", "policy", "hill", "data", "mentor-material")
GOALS = (
    ("Data journalism at a metro daily", "newsroom_politics", "Data reporter"),
    ("Policy analysis at a think tank", "public_policy", "Policy analyst"),
    ("Staff work on Capitol Hill", "newsroom_politics", "Legislative aide"),
)
TASK_TITLES = (
    "Send my clips to {name}", "Read the report {name} recommended", "Update my résumé with the new project",
    "Look up the fellowship {name} mentioned", "Write to the alumni office about the panel",
    "Share the article with {name}", "Prepare three questions about the newsroom's data desk",
    "Check the deadline of the summer programme",
)
NOTES = (
    "Start with the public records beat; the data skills come with it.",
    "Hiring managers read the cover letter only when the clips are strong.",
    "The fellowship is the usual way in; apply in the autumn.",
    "Spend a month on the desk before asking for a data project.",
    "Think tanks hire research assistants straight out of a master's.",
    "On the Hill, a referral gets your résumé read.",
)
