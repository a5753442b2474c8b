"""The two request drafts of the outreach acceptance test (issue 5), shared by the core and CLI tests."""

# 96 words; mentions a job, names the shared school last and never asks a question.
LONG_DRAFT = """Hello Ms. Whitfield,

I am a senior studying journalism, and I am applying for the data reporter job on the metro desk at the \
Tribune. Your investigations into housing records show what data journalism can do, and more broadly what \
local news can still achieve for a city like yours. Your team's patient approach to public records is \
something you have clearly built over many years. Your advice about your path into the newsroom would \
help me a great deal, if you are ever willing to share it. We both graduated from Northwestern.

Best,
Sam Rivera"""

# 68 words; the rewrite that follows every 6-point rule.
REWRITE = """Hi Dana,

As a fellow Northwestern alum, you may remember how hard Medill pushed us toward the newsroom. Your \
investigations at the Tribune into housing records are the reason I am writing. Could you spare 20 minutes \
in the next few weeks to share your insight on data journalism and, more broadly, where you see local \
news heading? Your advice would mean a great deal.

Best,
Sam Rivera"""
