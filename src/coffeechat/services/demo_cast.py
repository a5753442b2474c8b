"""The invented cast of the demo practice: names, organisations, titles and what people said.

All invented for coffeechat; any resemblance to real people or employers is accidental.
"""

FIRST_NAMES = (
    "Dana", "Marcus", "Priya", "José", "Aisha", "Tomás", "Mei", "Jonah", "Siobhán", "Kwame", "Lena",
    "Rafael", "Zoë", "Omar", "Hannah", "Diego", "Ingrid", "Malik", "Noor", "Elena", "Samuel", "Yuki",
    "Fatima", "Theo", "Camille", "Andrés", "Grace", "Ravi", "Beatriz", "Isaac", "Chloé", "Tariq",
    "Maya", "Luis", "Amara", "Felix", "Sofía", "Darius", "Nadia", "Kofi",
)
LAST_NAMES = (
    "Reyes", "Okafor", "Nair", "Núñez", "Bello", "Lindqvist", "Chen", "Abrams", "O'Connell", "Mensah",
    "Hoffmann", "Duarte", "Ødegaard", "Haddad", "Kowalski", "Ramírez", "Sato", "Park", "Fischer",
    "Achebe", "Moreau", "Das", "Silva", "Goldberg", "Nakamura", "Petrov", "Walsh", "Qureshi", "Ortiz",
    "Banerjee", "Costa", "Adeyemi", "Laurent", "Kim", "Murphy", "Rossi", "Yilmaz", "Singh", "Brennan",
    "Ito",
)

# (name, sector, time zone, city)
ORGANIZATIONS = (
    ("The Tribune", "newsroom", "America/Chicago", "Chicago"),
    ("Harbor Policy Institute", "policy", "America/New_York", "Washington, DC"),
    ("Civic Data Lab", "tech", "America/New_York", "New York"),
    ("Office of Sen. Alvarez", "politics", "America/New_York", "Washington, DC"),
    ("Metro Public Radio", "newsroom", "America/Los_Angeles", "Los Angeles"),
    ("Lakeside Analytics", "tech", "America/Chicago", "Minneapolis"),
    ("Northwind Foundation", "nonprofit", "America/New_York", "Boston"),
    ("Brightline Capital", "finance", "America/New_York", "New York"),
    ("State Budget Office", "policy", "America/Denver", "Denver"),
    ("The Evening Ledger", "newsroom", "Europe/London", "London"),
    ("Open Ballot Project", "nonprofit", "America/Los_Angeles", "Oakland"),
    ("Cascade Health Research", "policy", "America/Los_Angeles", "Seattle"),
    ("Pinecrest Consulting", "finance", "America/Chicago", "Chicago"),
    ("Datawise Newsroom Tools", "tech", "Europe/Berlin", "Berlin"),
    ("Capitol Watch", "newsroom", "America/New_York", "Washington, DC"),
    ("Greenway Transit Authority", "policy", "America/Los_Angeles", "Portland"),
    ("Sunrise Education Fund", "nonprofit", "America/Chicago", "Austin"),
    ("Meridian Bank", "finance", "America/New_York", "Charlotte"),
    ("Riverbend Gazette", "newsroom", "America/Chicago", "St. Louis"),
    ("Atlas Civic Tech", "tech", "America/Los_Angeles", "San Francisco"),
    ("Committee on Housing Policy", "politics", "America/New_York", "Washington, DC"),
    ("Beacon Polling", "politics", "America/New_York", "Philadelphia"),
    ("Keystone Think Tank", "policy", "America/New_York", "Washington, DC"),
    ("Union Square Media", "newsroom", "America/New_York", "New York"),
    ("Redwood Climate Alliance", "nonprofit", "America/Los_Angeles", "Sacramento"),
    ("Quarry Labs", "tech", "Europe/Dublin", "Dublin"),
    ("Halcyon Partners", "finance", "Europe/London", "London"),
    ("City Hall Press Office", "politics", "America/Chicago", "Chicago"),
    ("Fieldnote Podcasts", "newsroom", "America/New_York", "Brooklyn"),
    ("Granite State Policy Center", "policy", "America/New_York", "Concord"),
    ("Commonwealth Legal Aid", "nonprofit", "America/New_York", "Richmond"),
    ("Vantage Research Group", "policy", "Europe/Brussels", "Brussels"),
    ("Blue Heron Software", "tech", "America/Denver", "Boulder"),
    ("Coastal Herald", "newsroom", "America/New_York", "Miami"),
    ("Ridgeview Campaign Strategies", "politics", "America/Chicago", "Des Moines"),
    ("Lantern Investigations", "newsroom", "America/New_York", "Baltimore"),
    ("Prairie Impact Fund", "finance", "America/Chicago", "Kansas City"),
    ("Orchard Public Schools Foundation", "nonprofit", "America/Los_Angeles", "Fresno"),
    ("Signal & Noise Data Desk", "tech", "America/New_York", "Boston"),
    ("Westbrook Institute", "policy", "America/Chicago", "Chicago"),
)

TITLES = {
    "newsroom": ("Politics editor", "Data reporter", "Senior reporter", "Managing editor", "Audience editor",
                 "Investigations editor", "Statehouse reporter", "Producer"),
    "policy": ("Policy analyst", "Senior fellow", "Research director", "Budget analyst", "Program manager",
               "Research associate"),
    "tech": ("Data scientist", "Product manager", "Senior engineer", "Head of data", "UX researcher",
             "Engineering manager"),
    "politics": ("Legislative assistant", "Chief of staff", "Communications director", "Press secretary",
                 "Campaign manager", "Field organizer"),
    "nonprofit": ("Program director", "Development associate", "Executive director", "Policy advocate",
                  "Operations manager"),
    "finance": ("Analyst", "Associate", "Vice president", "Portfolio manager", "Risk manager"),
}

GOALS = (
    ("Data journalism at a metro newsroom", "newsroom_politics", "data reporter", False,
     "Learn how data reporters got their first job and which skills editors look for."),
    ("Policy analysis at a think tank", "public_policy", "policy analyst", False,
     "Understand the day-to-day of research roles and how to move from school into one."),
    ("Legislative work on Capitol Hill", "newsroom_politics", "legislative assistant", True,
     "See whether Hill staff work fits me, and how people land their first staff job."),
)

INSIGHTS = (
    ("Most data reporters got their first job through a clip that used public records.", "getting in", "public records"),
    ("Editors care more about finished stories than about tools.", "hiring", "storytelling"),
    ("Learn SQL before learning another charting library.", "skills", "SQL"),
    ("Think-tank research assistants often move up after two years, or leave for graduate school.", "career path", ""),
    ("Writing short memos quickly matters more than long papers.", "skills", "memo writing"),
    ("Hill offices hire from intern pools; apply for internships early in the session.", "getting in", "networking"),
    ("Statehouse beats are a good place to learn how policy is really made.", "career path", "policy knowledge"),
    ("Keep a spreadsheet of public datasets you know well; it becomes your beat.", "skills", "SQL"),
    ("Fellowships are the usual first step for career changers in policy.", "career path", ""),
    ("Show, don't tell: a small published project beats a list of courses.", "hiring", "portfolio"),
)

COMMITMENTS = (
    "Send my clips portfolio",
    "Read the institute's latest housing report",
    "Apply for the spring fellowship",
    "Share the link to my data project",
)

# What the user wants each goal's conversations to answer (one list per goal, in GOALS order).
GOAL_QUESTIONS = (
    ("How did you get your first data reporting job?", "Which tools does your desk expect a new hire to know?"),
    ("What does a research assistant's week look like?", "Is a master's degree expected before a policy role?"),
    ("How do interns become staff assistants?", "Which committees are good places to start?"),
)

# Dated versions of how each goal changed: (days ago, what the user wrote).
REFLECTIONS = (
    ((60, "I want to work in a newsroom, maybe as a reporter."),
     (12, "Data reporting specifically: editors keep saying finished stories with public records matter most.")),
    ((45, "Think tanks sound interesting; I am not sure which topic."),
     (9, "Housing policy. Research assistant roles first, then decide about a master's.")),
    ((30, "Curious whether Hill work suits me."),
     (5, "Apply for a spring internship in a member office; committees later.")),
)
