"""The council's vocabulary: departments, people, dataset themes, systems, shares, sites and paper registers.

Everything here is constant data; `catalogue.demo.sources` turns it into harvest records with a seeded
random generator, and `bench/generate.py` borrows its words for synthetic catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass

from harvesters.base import Column

COUNCIL_DOMAIN = "COUNCIL"
SHAREPOINT_ROOT = "https://council.sharepoint.com/sites"
OGL = "Open Government Licence v3.0"
CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET")

# --------------------------------------------------------------------------------------------------------
# Departments and people
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Department:
    """A service department: its information asset owners (busiest first), stewards and services."""

    name: str
    directorate: str
    owners: tuple[str, ...]
    stewards: tuple[str, ...]
    services: tuple[str, ...]


DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "Planning",
        "Place",
        (
            "Head of Planning",
            "Development Management Manager",
            "Planning Policy Manager",
            "Conservation and Design Manager",
            "Planning Enforcement Team Leader",
        ),
        ("Planning Systems Officer", "Senior Planning Officer", "Planning Technician"),
        ("development management", "planning policy", "planning enforcement", "conservation", "land charges"),
    ),
    Department(
        "Building Control",
        "Place",
        ("Head of Building Control", "Principal Building Control Surveyor", "Building Control Team Leader"),
        ("Building Control Surveyor", "Building Control Administrator"),
        ("building regulations", "dangerous structures", "demolition notices"),
    ),
    Department(
        "Housing",
        "Housing and Communities",
        (
            "Director of Housing",
            "Head of Housing Management",
            "Repairs and Maintenance Manager",
            "Allocations Manager",
            "Housing Income Manager",
            "Tenancy Services Manager",
        ),
        ("Housing Systems Analyst", "Housing Officer", "Repairs Planner", "Income Officer"),
        ("tenancy management", "housing repairs", "housing register", "rent collection", "estate services"),
    ),
    Department(
        "Homelessness",
        "Housing and Communities",
        (
            "Head of Housing Options",
            "Temporary Accommodation Manager",
            "Rough Sleeping Coordinator",
            "Housing Options Team Leader",
        ),
        ("Housing Options Officer", "Homelessness Prevention Officer", "Temporary Accommodation Officer"),
        ("housing options", "homelessness prevention", "temporary accommodation", "rough sleeping"),
    ),
    Department(
        "Revenues and Benefits",
        "Resources",
        (
            "Head of Revenues and Benefits",
            "Benefits Manager",
            "Business Rates Manager",
            "Revenues Recovery Manager",
        ),
        ("Benefits Assessor", "Revenues Systems Officer", "Business Rates Officer"),
        ("housing benefit", "council tax reduction", "business rates", "discretionary housing payments"),
    ),
    Department(
        "Council Tax",
        "Resources",
        ("Council Tax Manager", "Council Tax Billing Team Leader", "Council Tax Recovery Team Leader"),
        ("Council Tax Officer", "Council Tax Inspector"),
        ("council tax billing", "discounts and exemptions", "council tax recovery"),
    ),
    Department(
        "Parking Services",
        "Place",
        (
            "Head of Parking Services",
            "Parking Enforcement Manager",
            "Parking Permits Team Leader",
            "CCTV Enforcement Manager",
            "Parking Appeals Manager",
        ),
        ("Parking Systems Officer", "Notice Processing Officer", "Permits Officer"),
        ("parking enforcement", "parking permits", "car parks", "CCTV enforcement", "parking appeals"),
    ),
    Department(
        "Licensing",
        "Place",
        ("Licensing Manager", "Senior Licensing Officer (Taxis)", "Licensing Enforcement Team Leader"),
        ("Licensing Officer", "Licensing Support Officer"),
        (
            "taxi and private hire licensing",
            "premises licensing",
            "street trading",
            "gambling",
            "animal licensing",
        ),
    ),
    Department(
        "Markets",
        "Place",
        ("Markets Manager", "Market Operations Supervisor", "Street Markets Development Officer"),
        ("Markets Officer", "Market Inspector"),
        ("indoor market", "street markets", "farmers' market", "traders"),
    ),
    Department(
        "Libraries",
        "Housing and Communities",
        (
            "Head of Libraries",
            "Library Systems Manager",
            "Reader Services Manager",
            "Local Studies Librarian",
        ),
        ("Library Systems Officer", "Senior Library Assistant"),
        ("lending", "home library service", "local studies", "digital inclusion"),
    ),
    Department(
        "Adult Social Care",
        "Adults and Health",
        (
            "Director of Adult Social Services",
            "Head of Adult Safeguarding",
            "Head of Assessment and Care Management",
            "Principal Social Worker (Adults)",
            "Head of Commissioning (Adults)",
        ),
        ("Social Care Systems Officer", "Senior Practitioner", "Financial Assessment Officer"),
        ("care act assessments", "adult safeguarding", "reablement", "direct payments", "commissioning"),
    ),
    Department(
        "Children's Services",
        "Children and Families",
        (
            "Director of Children's Services",
            "Head of Children's Safeguarding",
            "Head of Looked After Children",
            "Principal Social Worker (Children)",
            "Head of Early Help",
            "Fostering and Adoption Manager",
        ),
        ("Children's Systems Officer", "Team Manager (MASH)", "Independent Reviewing Officer"),
        ("child protection", "looked after children", "early help", "fostering", "adoption", "MASH"),
    ),
    Department(
        "Education",
        "Children and Families",
        (
            "Head of Education Services",
            "Head of SEND",
            "School Admissions Manager",
            "Education Welfare Manager",
            "School Place Planning Manager",
        ),
        ("Admissions Officer", "SEND Caseworker", "Education Welfare Officer"),
        ("school admissions", "SEND", "school attendance", "school place planning", "free school meals"),
    ),
    Department(
        "Highways",
        "Place",
        (
            "Head of Highways",
            "Highways Asset Manager",
            "Network Management Manager",
            "Highways Inspections Team Leader",
            "Street Lighting Manager",
        ),
        ("Highways Inspector", "Streetworks Coordinator", "Highways Technician"),
        ("highway maintenance", "streetworks", "street lighting", "winter maintenance", "traffic orders"),
    ),
    Department(
        "Waste and Recycling",
        "Neighbourhoods",
        (
            "Head of Waste and Recycling",
            "Collections Manager",
            "Waste Strategy Manager",
            "Fleet Manager",
            "Commercial Waste Manager",
        ),
        ("Waste Data Officer", "Round Supervisor", "Waste Enforcement Officer"),
        ("bin collections", "recycling", "bulky waste", "fly-tipping", "commercial waste"),
    ),
    Department(
        "Environmental Health",
        "Neighbourhoods",
        (
            "Head of Environmental Health",
            "Food Safety Team Leader",
            "Environmental Protection Manager",
            "Private Sector Housing Manager",
            "Health and Safety Team Leader",
            "Pest Control Supervisor",
        ),
        ("Environmental Health Officer", "Technical Officer", "Dog Warden"),
        ("food hygiene", "noise nuisance", "HMO licensing", "air quality", "pest control"),
    ),
    Department(
        "Trading Standards",
        "Neighbourhoods",
        ("Head of Trading Standards", "Principal Trading Standards Officer", "Fair Trading Team Leader"),
        ("Trading Standards Officer", "Intelligence Officer"),
        ("fair trading", "doorstep crime", "underage sales", "weights and measures", "product safety"),
    ),
    Department(
        "HR",
        "Resources",
        (
            "Director of HR and OD",
            "Head of Payroll and Pensions",
            "HR Business Partner",
            "Recruitment Manager",
            "Head of Organisational Development",
            "Occupational Health Manager",
        ),
        ("HR Systems Analyst", "HR Advisor", "Payroll Officer", "Recruitment Officer"),
        ("recruitment", "payroll", "absence management", "employee relations", "learning and development"),
    ),
    Department(
        "Finance",
        "Resources",
        (
            "Director of Finance (Section 151 Officer)",
            "Head of Financial Planning",
            "Chief Accountant",
            "Accounts Payable Manager",
            "Treasury and Insurance Manager",
            "Finance Business Partner (Place)",
        ),
        (
            "Finance Systems Officer",
            "Senior Accountant",
            "Accounts Payable Officer",
            "Income Officer (Finance)",
        ),
        ("budget setting", "accounts payable", "accounts receivable", "treasury management", "insurance"),
    ),
    Department(
        "Audit and Counter Fraud",
        "Resources",
        ("Head of Internal Audit", "Counter Fraud Manager", "Senior Fraud Investigator"),
        ("Fraud Investigator", "Senior Auditor"),
        ("internal audit", "counter fraud", "National Fraud Initiative"),
    ),
    Department(
        "Legal",
        "Governance",
        (
            "Head of Legal Services (Monitoring Officer)",
            "Principal Solicitor (Litigation)",
            "Principal Solicitor (Property)",
            "Childcare Legal Team Leader",
        ),
        ("Paralegal", "Legal Assistant"),
        ("litigation", "prosecutions", "conveyancing", "childcare law", "contracts"),
    ),
    Department(
        "Democratic Services",
        "Governance",
        ("Head of Democratic Services", "Committee Services Manager", "Member Services Manager"),
        ("Democratic Services Officer", "Committee Clerk"),
        ("committees", "member services", "scrutiny", "civic office"),
    ),
    Department(
        "Electoral Services",
        "Governance",
        ("Electoral Services Manager", "Deputy Electoral Services Manager"),
        ("Electoral Services Officer", "Elections Assistant"),
        ("electoral registration", "annual canvass", "elections", "polling stations"),
    ),
    Department(
        "ICT",
        "Resources",
        (
            "Head of ICT",
            "Applications Support Manager",
            "ICT Infrastructure Manager",
            "Information Security Manager",
            "Data and Insight Manager",
        ),
        ("Database Administrator", "GIS Officer", "Systems Analyst", "Service Desk Analyst"),
        ("service desk", "infrastructure", "GIS", "LLPG", "cyber security", "data warehouse"),
    ),
    Department(
        "Customer Services",
        "Resources",
        ("Head of Customer Services", "Contact Centre Manager", "Complaints and Feedback Manager"),
        ("Customer Services Advisor", "Complaints Officer", "Blue Badge Officer"),
        ("contact centre", "complaints", "blue badges", "customer service centre"),
    ),
    Department(
        "Parks and Open Spaces",
        "Neighbourhoods",
        (
            "Head of Parks and Open Spaces",
            "Tree Services Manager",
            "Allotments Manager",
            "Parks Development Manager",
        ),
        ("Arboricultural Officer", "Parks Officer", "Allotments Officer"),
        ("parks", "allotments", "trees", "playgrounds", "sports pitches"),
    ),
    Department(
        "Regeneration",
        "Place",
        (
            "Director of Regeneration",
            "Head of Economic Development",
            "Head of Property and Estates",
            "Town Centre Manager",
            "Regeneration Programme Manager",
        ),
        ("Regeneration Officer", "Estates Surveyor", "Economic Development Officer"),
        ("regeneration", "economic development", "corporate property", "town centres", "external funding"),
    ),
    Department(
        "Public Health",
        "Adults and Health",
        (
            "Director of Public Health",
            "Consultant in Public Health",
            "Public Health Intelligence Manager",
            "Health Improvement Manager",
        ),
        ("Public Health Analyst", "Public Health Commissioning Officer"),
        ("JSNA", "health improvement", "sexual health", "drugs and alcohol", "health protection"),
    ),
    Department(
        "Registrars",
        "Governance",
        ("Superintendent Registrar", "Registration Services Manager", "Deputy Superintendent Registrar"),
        ("Registration Officer", "Ceremonies Coordinator"),
        ("births", "deaths", "marriages and civil partnerships", "citizenship ceremonies"),
    ),
    Department(
        "Procurement",
        "Resources",
        (
            "Head of Procurement",
            "Category Manager (Corporate)",
            "Category Manager (People)",
            "Contracts Manager",
        ),
        ("Procurement Officer", "Contracts Officer"),
        ("tendering", "contract management", "supplier management", "social value"),
    ),
    Department(
        "Bereavement Services",
        "Neighbourhoods",
        ("Bereavement Services Manager", "Cemeteries Manager", "Crematorium Manager"),
        ("Bereavement Services Officer", "Cemetery Registrar"),
        ("burials", "cremations", "memorials", "public health funerals"),
    ),
    Department(
        "Information Governance",
        "Governance",
        ("Data Protection Officer", "Information Governance Manager", "Records Manager", "FOI Team Leader"),
        ("Information Governance Officer", "Records Officer", "FOI Officer"),
        ("FOI and EIR", "subject access requests", "records management", "data protection"),
    ),
    Department(
        "Community Safety",
        "Neighbourhoods",
        ("Head of Community Safety", "CCTV Control Room Manager", "Anti-Social Behaviour Team Leader"),
        ("Community Safety Officer", "CCTV Operator"),
        ("CCTV control room", "anti-social behaviour", "Prevent", "domestic abuse"),
    ),
)

DEPARTMENTS_BY_NAME: dict[str, Department] = {d.name: d for d in DEPARTMENTS}

FIRST_NAMES: tuple[str, ...] = (
    "Sarah", "James", "Priya", "Mohammed", "Emma", "David", "Aisha", "Thomas", "Rebecca", "Daniel",
    "Fatima", "Michael", "Joanne", "Rajesh", "Claire", "Gareth", "Siobhan", "Oluwaseun", "Helen", "Paul",
    "Nadia", "Stephen", "Katie", "Imran", "Rachel", "Andrew", "Bethan", "Kwame", "Louise", "Mark",
    "Harpreet", "Christopher", "Nicola", "Adebayo", "Julie", "Richard", "Zainab", "Matthew", "Samantha",
    "Tariq", "Karen", "Peter", "Amira", "Simon", "Lucy", "Hassan", "Angela", "Neil", "Deborah", "Jonathan",
    "Yasmin", "Ian", "Sophie", "Graham", "Mei", "Alan", "Hannah", "Wei", "Carol", "Connor", "Eilidh",
    "Niamh", "Rhys", "Ffion", "Callum", "Shabana", "Tunde", "Lorraine", "Gavin", "Amrit", "Chloe",
    "Dominic", "Agnieszka", "Martin", "Grace", "Kieran", "Ruth", "Sanjay", "Joanna", "Lee",
)  # fmt: skip

SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts",
    "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright",
    "Green", "Harris", "Cooper", "King", "Lee", "Martin", "Clarke", "Morgan", "Hughes", "Edwards", "Hill",
    "Moore", "Harrison", "Scott", "Young", "Morris", "Hall", "Ward", "Turner", "Carter", "Phillips",
    "Mitchell", "Patel", "Adams", "Campbell", "Anderson", "Allen", "Cook", "Bailey", "Parker", "Miller",
    "Murphy", "Price", "Bell", "Baker", "Griffiths", "Kelly", "Simpson", "Marshall", "Collins", "Bennett",
    "Cox", "Richardson", "Fox", "Gray", "Rose", "Chapman", "Hunt", "Robertson", "Shaw", "Reynolds",
    "Lloyd", "Ellis", "Richards", "Russell", "Wilkinson", "Khan", "Ali", "Hussain", "Begum", "Ahmed",
    "Singh", "Kaur", "Sharma", "Okafor", "Mensah", "Nowak", "Kowalski", "Chen", "Wong", "O'Brien",
    "McDonald", "Kennedy", "Doyle", "Fraser", "Osei", "Adeyemi", "Mahmood", "Iqbal", "Choudhury", "Gill",
    "Sandhu", "Lam", "Nguyen", "Kaya", "Rossi", "Murray", "Byrne", "Quinn", "Barker", "Holmes", "Pearson",
    "Fletcher", "Dixon", "Henderson", "Lawson", "Owusu", "Jenkins", "Pritchard",
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    """A member of staff with a job title in a department."""

    name: str
    title: str
    department: str

    @property
    def label(self) -> str:
        """How the person appears in owner and steward fields."""
        return f"{self.name} ({self.title})"

    @property
    def username(self) -> str:
        """The Windows account, as a file server records it."""
        first, _, last = self.name.partition(" ")
        return f"{COUNCIL_DOMAIN}\\{last.lower().replace(chr(39), '')}{first[0].lower()}"


def _name(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {SURNAMES[(index * 37 + 11) % len(SURNAMES)]}"


def _build_people() -> tuple[dict[str, tuple[Person, ...]], dict[str, tuple[Person, ...]]]:
    owners: dict[str, tuple[Person, ...]] = {}
    stewards: dict[str, tuple[Person, ...]] = {}
    index = 0
    for department in DEPARTMENTS:
        people = []
        for title in department.owners:
            people.append(Person(_name(index), title, department.name))
            index += 1
        owners[department.name] = tuple(people)
    for department in DEPARTMENTS:
        people = []
        for title in department.stewards:
            people.append(Person(_name(index), title, department.name))
            index += 1
        stewards[department.name] = tuple(people)
    return owners, stewards


OWNERS, STEWARDS = _build_people()
ALL_PEOPLE: tuple[Person, ...] = tuple(p for d in DEPARTMENTS for p in OWNERS[d.name] + STEWARDS[d.name])

# --------------------------------------------------------------------------------------------------------
# Governance vocabulary
# --------------------------------------------------------------------------------------------------------

PUBLIC_TASK = "UK GDPR Art 6(1)(e) public task"
LEGAL_OBLIGATION = "UK GDPR Art 6(1)(c) legal obligation"
CONTRACT = "UK GDPR Art 6(1)(b) contract"
CONSENT = "UK GDPR Art 6(1)(a) consent"
HEALTH_CARE = "UK GDPR Art 6(1)(e) public task; Art 9(2)(h) health or social care"
PUBLIC_INTEREST = "UK GDPR Art 6(1)(e) public task; Art 9(2)(g) substantial public interest"
EMPLOYMENT = "UK GDPR Art 6(1)(b) contract; Art 9(2)(b) employment and social security law"
SAFEGUARDING = "UK GDPR Art 6(1)(e) public task; DPA 2018 Sch 1 para 18 safeguarding of children and adults"
LAW_ENFORCEMENT = "DPA 2018 Part 3 law enforcement processing"
CRIMINAL_DATA = "UK GDPR Art 6(1)(e) public task; Art 10 and DPA 2018 Sch 1 para 6 statutory purposes"

NOT_PUBLISHABLE_REASONS: dict[str, str] = {
    "personal": "Contains personal data of residents; only aggregate figures could be released.",
    "special_category": "Special category personal data; exempt under FOIA s40 and never suitable for "
    "release.",
    "commercial": "Commercially sensitive pricing and supplier information (FOIA s43).",
    "law": "Would prejudice the prevention or detection of crime (FOIA s31).",
    "security": "Reveals details of the council's security arrangements.",
}

CURATOR_NOTES: tuple[str, ...] = (
    "Confirmed with the owner at the {year} information asset register review.",
    "Description rewritten by Information Governance, {year}.",
    "Checked against the retention schedule in {year}.",
    "Agreed at the Information Governance Board, {month} {year}.",
    "Updated after the {year} data protection audit.",
)

GENERIC_TAGS: tuple[str, ...] = (
    "personal data",
    "statutory register",
    "open data",
    "gis",
    "finance",
    "legacy",
    "reporting",
    "performance",
    "transparency code",
    "archive",
)

# --------------------------------------------------------------------------------------------------------
# Dataset themes: the kinds of information the council holds, with how each is governed
# --------------------------------------------------------------------------------------------------------

_N, _P, _SC = "none", "personal", "special_category"
_O, _OS, _SEC = CLASSIFICATIONS


@dataclass(frozen=True)
class Theme:
    """A kind of information, with the governance a curator would record for it."""

    key: str
    department: str
    summary: str
    tags: tuple[str, ...]
    personal_data: str = _N
    classification: str = _O
    lawful_basis: str = ""
    retention_period: str = ""
    retention_basis: str = ""
    disposal_action: str = "destroy"
    open_data: str = "not_assessed"
    not_publishable: str = ""  # a key of NOT_PUBLISHABLE_REASONS
    access_groups: tuple[str, ...] = ()


_LGA = "LGA Retention Guidelines 2023"

THEMES: tuple[Theme, ...] = (
    # Planning and building control
    Theme(
        "planning_applications", "Planning",
        "Planning applications, plans, consultee responses and decision notices under the Town and Country "
        "Planning Act 1990; the statutory planning register is published on the council website.",
        ("planning", "development management", "statutory register", "gis"), _P, _O, PUBLIC_TASK,
        "Permanent (decision notices); 15 years after decision for supporting papers", f"{_LGA}, 7.2",
        "transfer_to_archive", "published",
    ),
    Theme(
        "planning_enforcement", "Planning",
        "Complaints about unauthorised development, site visit notes and enforcement notices.",
        ("planning", "enforcement", "complaints"), _P, _OS, PUBLIC_TASK, "15 years after case closed",
        f"{_LGA}, 7.4", "destroy", "not_publishable", "personal",
    ),
    Theme(
        "planning_policy", "Planning",
        "The Local Plan, supplementary planning documents and their evidence base (housing land supply, "
        "SHLAA, retail studies).",
        ("planning", "planning policy", "local plan", "gis"), _N, _O, "", "Permanent", f"{_LGA}, 7.1",
        "transfer_to_archive", "candidate",
    ),
    Theme(
        "tpo", "Planning",
        "Tree preservation orders (TPOs), their plans and schedules, and applications for works to "
        "protected trees.",
        ("trees", "tpo", "planning", "statutory register", "gis"), _N, _O, PUBLIC_TASK, "Permanent",
        "Town and Country Planning (Tree Preservation) (England) Regulations 2012", "review", "published",
    ),
    Theme(
        "conservation", "Planning",
        "Conservation area appraisals, listed building records and the local heritage list.",
        ("conservation", "heritage", "planning", "gis"), _N, _O, "", "Permanent", f"{_LGA}, 7.3",
        "transfer_to_archive", "published",
    ),
    Theme(
        "s106", "Planning",
        "Section 106 agreements and Community Infrastructure Levy (CIL) liabilities, payments and spend.",
        ("planning", "s106", "cil", "finance", "legal agreements"), _N, _O, "",
        "12 years after obligations discharged", f"{_LGA}, 7.6", "review", "candidate",
    ),
    Theme(
        "land_charges", "Planning",
        "The local land charges register and official searches (LLC1 and CON29).",
        ("land charges", "statutory register", "searches", "uprn"), _P, _O, LEGAL_OBLIGATION, "Permanent",
        "Local Land Charges Act 1975", "review",
    ),
    Theme(
        "building_regulations", "Building Control",
        "Building regulations applications, site inspection records and completion certificates.",
        ("building control", "building regulations", "inspections", "uprn"), _P, _O, PUBLIC_TASK,
        "15 years after completion certificate", f"{_LGA}, 7.5; Building Act 1984", "destroy",
        "not_publishable", "personal",
    ),
    Theme(
        "dangerous_structures", "Building Control",
        "Reports of dangerous structures and demolition notices, with surveyors' notes and photographs.",
        ("building control", "dangerous structures", "enforcement"), _P, _O, PUBLIC_TASK,
        "15 years after case closed", f"{_LGA}, 7.5", "destroy",
    ),
    # Housing and homelessness
    Theme(
        "tenancies", "Housing",
        "Council tenancy agreements, tenant and household details, vulnerability flags and tenancy audits.",
        ("housing", "tenancies", "tenants", "personal data"), _SC, _OS, PUBLIC_INTEREST,
        "6 years after tenancy ends", f"{_LGA}, 10.2", "destroy", "not_publishable", "special_category",
    ),
    Theme(
        "housing_repairs", "Housing",
        "Responsive repairs, void works and planned maintenance orders raised for council homes.",
        ("housing", "repairs", "contractors", "voids"), _P, _O, CONTRACT, "6 years after completion",
        f"{_LGA}, 10.5", "destroy",
    ),
    Theme(
        "housing_register", "Housing",
        "Applications to join the housing register, priority banding, medical assessments and lettings "
        "under Part 6 of the Housing Act 1996.",
        ("housing", "housing register", "allocations", "personal data"), _SC, _OS, PUBLIC_INTEREST,
        "6 years after application closed", f"{_LGA}, 10.1", "destroy", "not_publishable", "special_category",
    ),
    Theme(
        "rents", "Housing",
        "Rent accounts, arrears, payment arrangements and notices seeking possession.",
        ("housing", "rents", "arrears", "finance"), _P, _OS, CONTRACT, "6 years after tenancy ends",
        f"{_LGA}, 10.3", "destroy",
    ),
    Theme(
        "housing_stock", "Housing",
        "The housing stock: properties, blocks and estates, stock condition surveys and compliance "
        "(gas, electrical, fire risk assessments).",
        ("housing", "stock condition", "compliance", "uprn", "gis"), _N, _O, "",
        "Life of the asset plus 6 years", f"{_LGA}, 10.6", "review", "candidate",
    ),
    Theme(
        "homelessness_cases", "Homelessness",
        "Homelessness applications, prevention and relief duties, personalised housing plans and H-CLIC "
        "returns under Part 7 of the Housing Act 1996.",
        ("homelessness", "housing options", "h-clic", "personal data"), _SC, _OS, PUBLIC_INTEREST,
        "6 years after case closed", f"{_LGA}, 10.8", "destroy", "not_publishable", "special_category",
    ),
    Theme(
        "temporary_accommodation", "Homelessness",
        "Temporary accommodation placements (hostels, nightly paid and bed and breakfast), charges and "
        "inspections.",
        ("homelessness", "temporary accommodation", "placements"), _P, _OS, PUBLIC_TASK,
        "6 years after placement ends", f"{_LGA}, 10.8", "destroy",
    ),
    Theme(
        "rough_sleeping", "Homelessness",
        "Rough sleeping counts, outreach contacts and the Rough Sleeping Initiative returns.",
        ("homelessness", "rough sleeping", "outreach"), _SC, _OS, PUBLIC_INTEREST,
        "3 years after last contact", f"{_LGA}, 10.8", "destroy",
    ),
    # Revenues, benefits and council tax
    Theme(
        "benefits_claims", "Revenues and Benefits",
        "Housing Benefit and Council Tax Reduction claims, evidence, assessments and overpayments.",
        ("benefits", "housing benefit", "council tax reduction", "personal data"), _P, _OS, LEGAL_OBLIGATION,
        "6 years after end of financial year of last award", f"{_LGA}, 9.6; Social Security Administration "
        "Act 1992",
        "destroy", "not_publishable", "personal",
    ),
    Theme(
        "business_rates", "Revenues and Benefits",
        "Business rates (NNDR) accounts, reliefs, bills and valuation changes.",
        ("business rates", "nndr", "revenues", "finance"), _P, _O, LEGAL_OBLIGATION,
        "6 years after end of financial year", f"{_LGA}, 9.4", "destroy", "published",
    ),
    Theme(
        "dhp", "Revenues and Benefits",
        "Discretionary housing payment applications and awards.",
        ("benefits", "dhp", "personal data"), _P, _OS, PUBLIC_TASK, "6 years after end of financial year",
        f"{_LGA}, 9.6", "destroy",
    ),
    Theme(
        "council_tax_accounts", "Council Tax",
        "Council tax accounts, liable parties, bands, bills and payments.",
        ("council tax", "revenues", "billing", "personal data", "uprn"), _P, _OS, LEGAL_OBLIGATION,
        "6 years after end of financial year", f"{_LGA}, 9.3; Local Government Finance Act 1992", "destroy",
        "not_publishable", "personal",
    ),
    Theme(
        "council_tax_recovery", "Council Tax",
        "Reminders, summonses, liability orders and referrals to enforcement agents for unpaid council tax.",
        ("council tax", "recovery", "enforcement", "arrears"), _P, _OS, LEGAL_OBLIGATION,
        "6 years after debt cleared", f"{_LGA}, 9.3", "destroy",
    ),
    Theme(
        "council_tax_discounts", "Council Tax",
        "Discounts and exemptions: single person discount reviews, student exemptions, empty homes premium.",
        ("council tax", "discounts", "exemptions"), _P, _OS, LEGAL_OBLIGATION,
        "6 years after end of financial year", f"{_LGA}, 9.3", "destroy",
    ),
    # Parking
    Theme(
        "parking_permits", "Parking Services",
        "Resident, business and visitor parking permits for controlled parking zones (CPZ), with vehicle and "
        "proof of residency details.",
        ("parking", "permits", "cpz", "vehicles", "personal data"), _P, _O, PUBLIC_TASK,
        "2 years after permit expiry", f"{_LGA}, 13.2", "destroy", "not_publishable", "personal",
    ),
    Theme(
        "pcn", "Parking Services",
        "Penalty charge notices (PCNs) issued on street, in car parks and by CCTV camera under the Traffic "
        "Management Act 2004, with payments and progression to debt registration.",
        ("parking", "enforcement", "pcn", "tma 2004"), _P, _O, PUBLIC_TASK, "6 years after PCN closed",
        f"{_LGA}, 13.4", "destroy",
    ),
    Theme(
        "parking_cctv", "Parking Services",
        "CCTV enforcement of bus lanes, moving traffic and school streets: camera evidence and review logs.",
        ("parking", "cctv", "enforcement", "bus lanes"), _P, _OS, PUBLIC_TASK,
        "31 days for footage; 6 years for evidence attached to a PCN", "Surveillance Camera Code of Practice",
        "destroy", "not_publishable", "law",
    ),
    Theme(
        "parking_appeals", "Parking Services",
        "Challenges, formal representations and appeals to the Traffic Penalty Tribunal.",
        ("parking", "appeals", "pcn", "tribunal"), _P, _OS, PUBLIC_TASK, "6 years after case closed",
        f"{_LGA}, 13.4", "destroy",
    ),
    Theme(
        "car_parks", "Parking Services",
        "Council car parks: locations, spaces, tariffs, occupancy and pay and display machines.",
        ("parking", "car parks", "tariffs", "gis", "open data"), _N, _O, "", "Superseded plus 2 years",
        f"{_LGA}, 13.1", "destroy", "published",
    ),
    Theme(
        "parking_income", "Parking Services",
        "Parking income and expenditure, surplus reporting and the annual parking report.",
        ("parking", "finance", "income", "annual report"), _N, _O, "", "6 years after end of financial year",
        f"{_LGA}, 13.6", "destroy", "candidate",
    ),
    Theme(
        "blue_badges", "Customer Services",
        "Blue badge applications, eligibility assessments and badges issued for disabled parking.",
        ("blue badges", "parking", "disability", "personal data"), _SC, _OS, PUBLIC_INTEREST,
        "3 years after badge expiry", "Disabled Persons (Badges for Motor Vehicles) (England) Regulations "
        "2000",
        "destroy", "not_publishable", "special_category",
    ),
    # Licensing and markets
    Theme(
        "taxi_licensing", "Licensing",
        "Hackney carriage and private hire driver, vehicle and operator licences, including DBS and medical "
        "checks.",
        ("licensing", "taxis", "private hire", "dbs", "vehicles"), _SC, _OS, CRIMINAL_DATA,
        "6 years after licence ends", f"{_LGA}, 8.3", "destroy",
    ),
    Theme(
        "premises_licences", "Licensing",
        "Premises licences, club premises certificates and temporary event notices under the Licensing Act "
        "2003; the public register.",
        ("licensing", "premises licences", "licensing act 2003", "statutory register", "alcohol"), _P, _O,
        LEGAL_OBLIGATION, "6 years after licence lapses", f"{_LGA}, 8.1", "destroy", "published",
    ),
    Theme(
        "street_trading", "Licensing",
        "Street trading consents and licences, pitch plans and pavement licences.",
        ("licensing", "street trading", "pavement licences"), _P, _O, PUBLIC_TASK,
        "6 years after consent ends", f"{_LGA}, 8.4", "destroy", "approved",
    ),
    Theme(
        "gambling_animal_licences", "Licensing",
        "Gambling premises licences and animal activity licences (dog breeding, boarding, pet shops).",
        ("licensing", "gambling", "animal welfare"), _P, _O, LEGAL_OBLIGATION, "6 years after licence ends",
        f"{_LGA}, 8.5", "destroy",
    ),
    Theme(
        "market_traders", "Markets",
        "Market traders, stall and pitch allocations, licence fees and the waiting list.",
        ("markets", "traders", "stalls", "income"), _P, _O, CONTRACT, "6 years after trader leaves",
        f"{_LGA}, 8.6", "destroy",
    ),
    Theme(
        "market_operations", "Markets",
        "Market operations: rotas, footfall counts, health and safety checks and events.",
        ("markets", "footfall", "health and safety"), _N, _O, "", "3 years", f"{_LGA}, 8.6", "destroy",
        "candidate",
    ),
    # Libraries
    Theme(
        "library_members", "Libraries",
        "Library members, loans, reservations, fines and home library service customers.",
        ("libraries", "members", "loans", "personal data"), _P, _O, PUBLIC_TASK,
        "2 years after membership lapses", f"{_LGA}, 6.2", "destroy",
    ),
    Theme(
        "library_stock", "Libraries",
        "The library catalogue, stock purchases, stock rotation and e-resources usage.",
        ("libraries", "stock", "catalogue", "open data"), _N, _O, "", "Superseded plus 1 year",
        f"{_LGA}, 6.3", "destroy", "candidate",
    ),
    Theme(
        "local_studies", "Libraries",
        "Local studies collection: photographs, maps, directories and oral histories.",
        ("libraries", "local studies", "heritage", "archive"), _N, _O, "", "Permanent", f"{_LGA}, 6.5",
        "transfer_to_archive",
    ),
    # Social care, education and health
    Theme(
        "asc_assessments", "Adult Social Care",
        "Care Act 2014 assessments, support plans, reviews and case notes for adults with care and support "
        "needs.",
        ("adult social care", "care act 2014", "assessments", "health", "personal data"), _SC, _OS,
        HEALTH_CARE, "8 years after case closure or death", f"{_LGA}, 2.1", "destroy", "not_publishable",
        "special_category",
    ),
    Theme(
        "adult_safeguarding", "Adult Social Care",
        "Adult safeguarding concerns and section 42 enquiries, strategy meetings and protection plans.",
        ("adult social care", "safeguarding", "section 42", "personal data"), _SC, _SEC, SAFEGUARDING,
        "20 years after case closure", f"{_LGA}, 2.3", "review", "not_publishable", "special_category",
        ("safeguarding-team",),
    ),
    Theme(
        "asc_finance", "Adult Social Care",
        "Financial assessments for charging, deferred payment agreements, direct payments and care provider "
        "payments.",
        ("adult social care", "finance", "charging", "direct payments"), _SC, _OS, HEALTH_CARE,
        "6 years after end of financial year", f"{_LGA}, 2.5", "destroy",
    ),
    Theme(
        "asc_providers", "Adult Social Care",
        "Care providers, homecare and care home contracts, quality monitoring and market position.",
        ("adult social care", "commissioning", "providers", "contracts"), _N, _O, "",
        "6 years after contract ends", f"{_LGA}, 2.6", "destroy", "candidate",
    ),
    Theme(
        "dols", "Adult Social Care",
        "Deprivation of Liberty Safeguards applications, best interests assessments and authorisations.",
        ("adult social care", "dols", "mental capacity", "health"), _SC, _OS, HEALTH_CARE,
        "8 years after authorisation ends", f"{_LGA}, 2.4", "destroy",
    ),
    Theme(
        "child_protection", "Children's Services",
        "Child protection referrals, strategy discussions, section 47 enquiries and child protection "
        "conference minutes.",
        ("children's services", "safeguarding", "child protection", "personal data"), _SC, _SEC, SAFEGUARDING,
        "35 years after case closure", f"{_LGA}, 3.2", "review", "not_publishable", "special_category",
        ("safeguarding-team",),
    ),
    Theme(
        "looked_after_children", "Children's Services",
        "Case records of looked after children and care leavers: care plans, placements, reviews and "
        "pathway plans.",
        ("children's services", "looked after children", "care leavers", "personal data"), _SC, _SEC,
        SAFEGUARDING, "75 years from date of birth",
        "Care Planning, Placement and Case Review (England) Regulations 2010, reg 50", "review",
        "not_publishable", "special_category", ("safeguarding-team",),
    ),
    Theme(
        "early_help", "Children's Services",
        "Early help assessments, family support plans and Supporting Families outcomes.",
        ("children's services", "early help", "families"), _SC, _OS, PUBLIC_INTEREST,
        "Until the child's 25th birthday", f"{_LGA}, 3.5", "destroy",
    ),
    Theme(
        "fostering_adoption", "Children's Services",
        "Foster carer and adopter assessments, panel papers, matching and adoption case records.",
        ("children's services", "fostering", "adoption", "panel"), _SC, _SEC, SAFEGUARDING,
        "100 years from the adoption order", "Adoption Agencies Regulations 2005, reg 41",
        "transfer_to_archive",
        "not_publishable", "special_category", ("safeguarding-team",),
    ),
    Theme(
        "school_admissions", "Education",
        "Applications for school places (reception, junior and secondary transfer, in-year), offers and "
        "admission appeals.",
        ("education", "school admissions", "appeals", "personal data"), _P, _O, PUBLIC_TASK,
        "1 year after admission or appeal decision", f"{_LGA}, 4.1", "destroy",
    ),
    Theme(
        "send", "Education",
        "Special educational needs and disabilities (SEND): EHC needs assessments, Education, Health and "
        "Care "
        "Plans (EHCPs), annual reviews and tribunal cases.",
        ("education", "send", "ehcp", "health", "personal data"), _SC, _OS, PUBLIC_INTEREST,
        "31 years from date of birth", f"{_LGA}, 4.2; IRMS Toolkit for Local Authorities", "destroy",
        "not_publishable", "special_category",
    ),
    Theme(
        "school_attendance", "Education",
        "Children missing education, elective home education, attendance casework and penalty notices.",
        ("education", "attendance", "children missing education"), _P, _OS, PUBLIC_TASK,
        "Until the child's 25th birthday", f"{_LGA}, 4.4", "destroy",
    ),
    Theme(
        "school_places", "Education",
        "Pupil number forecasts, school capacity (SCAP) returns and the school estate.",
        ("education", "school places", "forecasts", "open data"), _N, _O, "", "10 years", f"{_LGA}, 4.6",
        "review", "candidate",
    ),
    Theme(
        "free_school_meals", "Education",
        "Free school meals eligibility checks and holiday activities and food programme registrations.",
        ("education", "free school meals", "personal data"), _P, _OS, PUBLIC_TASK,
        "2 years after eligibility ends",
        f"{_LGA}, 4.5", "destroy",
    ),
    Theme(
        "jsna", "Public Health",
        "The Joint Strategic Needs Assessment (JSNA): population health profiles, chapters and indicators.",
        ("public health", "jsna", "health", "statistics", "open data"), _N, _O, "",
        "Permanent", f"{_LGA}, 5.1",
        "transfer_to_archive", "published",
    ),
    Theme(
        "ph_services", "Public Health",
        "Commissioned public health services: sexual health, drugs and alcohol treatment, NHS Health Checks.",
        ("public health", "commissioning", "health", "drugs and alcohol"), _SC, _OS, HEALTH_CARE,
        "8 years after contract ends", f"{_LGA}, 5.3", "destroy",
    ),
    Theme(
        "health_intelligence", "Public Health",
        "Health intelligence: mortality, births and hospital admissions data under NHS Digital data sharing "
        "agreements.",
        ("public health", "statistics", "mortality", "health"), _SC, _OS, HEALTH_CARE,
        "As set by the data sharing agreement", "NHS Digital data sharing agreement DARS-NIC-2217", "destroy",
        "not_publishable", "special_category", ("public-health-intelligence",),
    ),
    Theme(
        "covid", "Public Health",
        "Covid-19 response: local contact tracing, outbreak management and test site records, 2020 to 2022.",
        ("public health", "covid-19", "health protection", "legacy"), _SC, _OS, HEALTH_CARE,
        "Review in 2026 (Covid-19 inquiry hold)", "UK Covid-19 Inquiry retention notice", "review",
    ),
    # Highways, waste and environment
    Theme(
        "highways_defects", "Highways",
        "Highway inspections and defects (potholes, trip hazards, damaged signs) with repair orders and "
        "the evidence for section 58 defences.",
        ("highways", "potholes", "defects", "inspections", "gis"), _P, _O, PUBLIC_TASK,
        "6 years after repair", f"{_LGA}, 11.4", "destroy", "candidate",
    ),
    Theme(
        "streetworks", "Highways",
        "Streetworks permits and notices under the permit scheme and NRSWA, inspections and fixed penalty "
        "notices for utility companies.",
        ("highways", "streetworks", "permits", "utilities", "open data"), _N, _O, "", "6 years after works",
        f"{_LGA}, 11.5", "destroy", "published",
    ),
    Theme(
        "highways_assets", "Highways",
        "The highway asset inventory: roads, footways, street lights, gullies, bridges and signs.",
        ("highways", "asset management", "street lighting", "gis"), _N, _O, "", "Life of the asset",
        f"{_LGA}, 11.1", "review", "candidate",
    ),
    Theme(
        "highways_claims", "Highways",
        "Third party claims against the highway authority (trips, vehicle damage) and their investigation.",
        ("highways", "insurance", "claims", "legal"), _P, _OS, PUBLIC_TASK, "6 years after claim settled",
        f"{_LGA}, 11.6", "destroy",
    ),
    Theme(
        "traffic_orders", "Highways",
        "Traffic regulation orders (TROs) for parking restrictions, controlled parking zones, speed limits "
        "and one-way streets, with consultation responses.",
        ("highways", "traffic orders", "parking", "legal", "statutory register"), _N, _O, "", "Permanent",
        f"{_LGA}, 11.3", "transfer_to_archive", "approved",
    ),
    Theme(
        "winter_maintenance", "Highways",
        "Winter maintenance: gritting routes, salt bins and decision logs.",
        ("highways", "gritting", "winter maintenance", "gis"), _N, _O, "", "6 years", f"{_LGA}, 11.7",
        "destroy", "published",
    ),
    Theme(
        "bin_collections", "Waste and Recycling",
        "Household waste and recycling collection rounds, collection days by property and container "
        "deliveries.",
        ("waste", "bin collections", "recycling", "uprn", "open data"), _N, _O, "", "Superseded plus 2 years",
        f"{_LGA}, 14.1", "destroy", "published",
    ),
    Theme(
        "missed_bins", "Waste and Recycling",
        "Missed bin reports, assisted collections and bulky waste bookings.",
        ("waste", "missed bins", "bulky waste", "customer contact"), _P, _O, PUBLIC_TASK, "2 years",
        f"{_LGA}, 14.2", "destroy",
    ),
    Theme(
        "fly_tipping", "Waste and Recycling",
        "Fly-tipping reports, investigations and fixed penalty notices for environmental crime.",
        ("waste", "fly-tipping", "enforcement", "environmental crime"), _P, _OS, LAW_ENFORCEMENT,
        "6 years after case closed", f"{_LGA}, 14.4", "destroy",
    ),
    Theme(
        "commercial_waste", "Waste and Recycling",
        "Commercial (trade) waste customers, contracts, duty of care transfer notes and invoices.",
        ("waste", "commercial waste", "contracts", "income"), _P, _O, CONTRACT, "6 years after contract ends",
        f"{_LGA}, 14.3", "destroy",
    ),
    Theme(
        "waste_data", "Waste and Recycling",
        "Waste tonnages, recycling rates and WasteDataFlow returns.",
        ("waste", "recycling", "statistics", "open data"), _N, _O, "", "10 years", f"{_LGA}, 14.5", "review",
        "published",
    ),
    Theme(
        "food_hygiene", "Environmental Health",
        "Food premises, hygiene inspections, Food Hygiene Rating Scheme (FHRS) ratings and sampling.",
        ("environmental health", "food hygiene", "inspections", "open data"), _P, _O, PUBLIC_TASK,
        "6 years after last inspection", f"{_LGA}, 12.1", "destroy", "published",
    ),
    Theme(
        "noise_complaints", "Environmental Health",
        "Noise nuisance complaints, diary sheets, recordings and abatement notices.",
        ("environmental health", "noise", "nuisance", "complaints"), _P, _OS, PUBLIC_TASK,
        "6 years after case closed", f"{_LGA}, 12.3", "destroy",
    ),
    Theme(
        "hmo_licensing", "Environmental Health",
        "Licensing of houses in multiple occupation (HMOs) and selective licensing, with the public register "
        "kept under section 232 of the Housing Act 2004.",
        ("environmental health", "hmo", "private sector housing", "statutory register", "uprn"), _P, _O,
        LEGAL_OBLIGATION, "6 years after licence ends", f"{_LGA}, 12.5", "destroy", "published",
    ),
    Theme(
        "pest_control", "Environmental Health",
        "Pest control service requests, treatments and charges.",
        ("environmental health", "pest control", "service requests"), _P, _O, CONTRACT,
        "2 years", f"{_LGA}, 12.6", "destroy",
    ),
    Theme(
        "air_quality", "Environmental Health",
        "Air quality monitoring (diffusion tubes and automatic stations), annual status reports and AQMAs.",
        ("environmental health", "air quality", "monitoring", "open data"), _N, _O, "", "Permanent",
        f"{_LGA}, 12.4", "review", "published",
    ),
    Theme(
        "stray_dogs", "Environmental Health",
        "Stray dogs collected by the dog warden, kennelling and reunification with owners.",
        ("environmental health", "dog warden", "animals"), _P, _O, PUBLIC_TASK, "1 year", f"{_LGA}, 12.7",
        "destroy",
    ),
    Theme(
        "health_safety_enforcement", "Environmental Health",
        "Workplace health and safety enforcement: accident (RIDDOR) investigations and inspections.",
        ("environmental health", "health and safety", "riddor", "investigations"), _P, _OS, LAW_ENFORCEMENT,
        "6 years after case closed", f"{_LGA}, 12.2", "destroy",
    ),
    Theme(
        "ts_investigations", "Trading Standards",
        "Trading standards investigations and prosecutions: rogue traders, doorstep crime, counterfeit and "
        "illicit tobacco.",
        ("trading standards", "investigations", "prosecutions", "doorstep crime"), _P, _SEC, LAW_ENFORCEMENT,
        "6 years after case closed (10 years after conviction)", f"{_LGA}, 12.9", "destroy",
        "not_publishable", "law", ("trading-standards-investigations",),
    ),
    Theme(
        "ts_complaints", "Trading Standards",
        "Consumer complaints referred by the Citizens Advice consumer service, and business advice.",
        ("trading standards", "consumer complaints", "business advice"), _P, _O, PUBLIC_TASK,
        "3 years after closure", f"{_LGA}, 12.8", "destroy",
    ),
    Theme(
        "underage_sales", "Trading Standards",
        "Underage sales test purchasing (alcohol, tobacco, vapes, knives) and product safety sampling.",
        ("trading standards", "underage sales", "product safety", "vapes"), _P, _OS, LAW_ENFORCEMENT,
        "6 years", f"{_LGA}, 12.9", "destroy",
    ),
    Theme(
        "parks", "Parks and Open Spaces",
        "Parks and open spaces: sites, playground inspections, sports pitch bookings and events in parks.",
        ("parks", "open spaces", "playgrounds", "gis"), _N, _O, "", "6 years", f"{_LGA}, 15.1", "destroy",
        "published",
    ),
    Theme(
        "allotments", "Parks and Open Spaces",
        "Allotment sites, plots, tenancy agreements, rents and the waiting list.",
        ("allotments", "parks", "tenancies", "waiting list"), _P, _O, CONTRACT, "6 years after tenancy ends",
        f"{_LGA}, 15.3", "destroy",
    ),
    Theme(
        "trees", "Parks and Open Spaces",
        "The council tree inventory, tree surveys and tree works on council land.",
        ("trees", "parks", "inspections", "gis", "open data"), _N, _O, "", "Life of the tree plus 6 years",
        f"{_LGA}, 15.2", "destroy", "candidate",
    ),
    Theme(
        "burials", "Bereavement Services",
        "Burial registers, grave plans and exclusive rights of burial for the council's cemeteries.",
        ("cemeteries", "burials", "statutory register", "bereavement"), _P, _O, LEGAL_OBLIGATION, "Permanent",
        "Local Authorities' Cemeteries Order 1977", "transfer_to_archive",
    ),
    Theme(
        "cremations", "Bereavement Services",
        "Cremation applications, registers and memorials at the crematorium.",
        ("crematorium", "cremations", "statutory register", "bereavement"), _P, _O, LEGAL_OBLIGATION,
        "Permanent (register); 15 years for applications", "Cremation (England and Wales) Regulations 2008",
        "transfer_to_archive",
    ),
    Theme(
        "memorials", "Bereavement Services",
        "Memorial safety inspections and public health funerals.",
        ("cemeteries", "memorials", "inspections"), _P, _O, PUBLIC_TASK, "6 years",
        f"{_LGA}, 16.3", "destroy",
    ),
    # Corporate
    Theme(
        "personnel_files", "HR",
        "Employee records: contracts, changes, diversity monitoring and right to work checks.",
        ("hr", "employees", "personal data"), _SC, _OS, EMPLOYMENT, "6 years after employment ends",
        f"{_LGA}, 12.5", "destroy", "not_publishable", "special_category",
    ),
    Theme(
        "payroll", "HR",
        "Payroll: pay, deductions, pension contributions, P60s and returns to HMRC.",
        ("payroll", "hr", "pensions", "hmrc", "finance"), _P, _OS, LEGAL_OBLIGATION,
        "6 years after end of financial year", "Taxes Management Act 1970; LGA Retention Guidelines 2023, "
        "12.9",
        "destroy", "not_publishable", "personal",
    ),
    Theme(
        "absence", "HR",
        "Sickness absence, fit notes, occupational health referrals and return to work interviews.",
        ("hr", "absence", "occupational health", "health"), _SC, _OS, EMPLOYMENT,
        "6 years after employment ends", f"{_LGA}, 12.6", "destroy",
    ),
    Theme(
        "recruitment", "HR",
        "Vacancies, applications, shortlisting and interview notes, DBS checks and pre-employment checks.",
        ("hr", "recruitment", "dbs", "vacancies"), _P, _O, EMPLOYMENT,
        "6 months after appointment (unsuccessful candidates)", f"{_LGA}, 12.3", "destroy",
    ),
    Theme(
        "hr_casework", "HR",
        "Employee relations casework: grievances, disciplinary investigations, dismissals and whistleblowing "
        "disclosures.",
        ("hr", "employee relations", "casework", "whistleblowing"), _SC, _SEC, EMPLOYMENT,
        "6 years after case closed", f"{_LGA}, 12.7", "destroy", "not_publishable", "special_category",
        ("hr-casework",),
    ),
    Theme(
        "workforce_data", "HR",
        "Workforce data: establishment, headcount, turnover, gender pay gap and pay policy statement.",
        ("hr", "workforce", "gender pay gap", "transparency code"), _N, _O, "", "6 years", f"{_LGA}, 12.1",
        "destroy", "published",
    ),
    Theme(
        "training", "HR",
        "Learning and development: mandatory training completion, apprenticeships and the e-learning "
        "platform.",
        ("hr", "training", "apprenticeships"), _P, _O, EMPLOYMENT, "6 years after employment ends",
        f"{_LGA}, 12.8", "destroy",
    ),
    Theme(
        "budgets", "Finance",
        "Revenue and capital budgets, budget monitoring, the medium term financial strategy and savings "
        "proposals.",
        ("finance", "budgets", "monitoring", "mtfs"), _N, _O, "", "6 years after end of financial year",
        f"{_LGA}, 9.1", "destroy", "candidate",
    ),
    Theme(
        "creditors", "Finance",
        "Supplier invoices and payments (creditors) and the spending over £500 transparency data.",
        ("finance", "payments", "suppliers", "transparency code"), _P, _O, LEGAL_OBLIGATION,
        "6 years after end of financial year", f"{_LGA}, 9.2", "destroy", "published",
    ),
    Theme(
        "debtors", "Finance",
        "Sundry debtors: invoices raised, income collection and write-offs.",
        ("finance", "debtors", "income", "arrears"), _P, _O, LEGAL_OBLIGATION,
        "6 years after end of financial year", f"{_LGA}, 9.2", "destroy",
    ),
    Theme(
        "accounts", "Finance",
        "The statement of accounts, general ledger, bank reconciliations and external audit working papers.",
        ("finance", "accounts", "audit", "general ledger"), _N, _O, "", "Permanent (statement of accounts)",
        f"{_LGA}, 9.1", "transfer_to_archive", "published",
    ),
    Theme(
        "treasury_insurance", "Finance",
        "Treasury management (borrowing, investments) and insurance policies and claims.",
        ("finance", "treasury", "insurance", "claims"), _P, _OS, LEGAL_OBLIGATION,
        "Life of the policy plus 40 years (employers' liability)", f"{_LGA}, 9.7",
        "review", "not_publishable",
        "commercial",
    ),
    Theme(
        "grants_paid", "Finance",
        "Grants paid to businesses and voluntary organisations, including Covid-19 business grants.",
        ("finance", "grants", "covid-19", "transparency code"), _P, _O, PUBLIC_TASK,
        "10 years after payment (subsidy control)", "Subsidy Control Act 2022", "destroy", "published",
    ),
    Theme(
        "fraud_investigations", "Audit and Counter Fraud",
        "Counter fraud investigations (tenancy fraud, blue badge misuse, council tax and procurement fraud), "
        "interviews under caution and sanctions.",
        ("fraud", "investigations", "counter fraud", "ripa"), _P, _SEC, LAW_ENFORCEMENT,
        "6 years after case closed", f"{_LGA}, 1.8", "destroy", "not_publishable", "law", ("fraud-team",),
    ),
    Theme(
        "internal_audit", "Audit and Counter Fraud",
        "Internal audit plans, audit reports, management actions and the annual opinion.",
        ("audit", "internal audit", "risk", "governance"), _N, _OS, "", "6 years after report issued",
        f"{_LGA}, 1.7", "destroy",
    ),
    Theme(
        "nfi", "Audit and Counter Fraud",
        "National Fraud Initiative (NFI) data submissions and data matches.",
        ("fraud", "nfi", "data matching"), _P, _OS, LEGAL_OBLIGATION, "Until the next NFI exercise",
        "Cabinet Office Code of Data Matching Practice", "destroy", "not_publishable", "law", ("fraud-team",),
    ),
    Theme(
        "legal_cases", "Legal",
        "Legal case files: litigation, prosecutions, advice and legal privilege.",
        ("legal", "litigation", "prosecutions", "legal privilege"), _P, _OS, PUBLIC_TASK,
        "6 years after case closed (15 years for personal injury)", f"{_LGA}, 1.5", "destroy",
    ),
    Theme(
        "childcare_legal", "Legal",
        "Care proceedings: court bundles, orders and counsel's advice.",
        ("legal", "care proceedings", "children's services", "court"), _SC, _SEC, SAFEGUARDING,
        "Until the child's 75th birthday", f"{_LGA}, 1.5", "review", "not_publishable", "special_category",
        ("legal-childcare",),
    ),
    Theme(
        "property_deeds", "Legal",
        "Title deeds, leases, licences and property transactions for council land and buildings.",
        ("legal", "property", "deeds", "leases"), _N, _O, "", "12 years after disposal of the property",
        f"{_LGA}, 1.6", "transfer_to_archive",
    ),
    Theme(
        "property_estates", "Regeneration",
        "Corporate property: land and building assets, leases, rent reviews and valuations.",
        ("property", "estates", "assets", "transparency code", "gis"), _N, _O, "",
        "12 years after disposal of the property", f"{_LGA}, 17.2", "review", "published",
    ),
    Theme(
        "regeneration_programmes", "Regeneration",
        "Regeneration programmes and external funding (UKSPF, Levelling Up Fund): bids, business cases, "
        "monitoring returns.",
        ("regeneration", "funding", "ukspf", "business cases"), _N, _OS, "",
        "12 years after programme ends (funding conditions)", f"{_LGA}, 17.3", "review", "not_publishable",
        "commercial",
    ),
    Theme(
        "economic_data", "Regeneration",
        "Economic development: business surveys, town centre footfall, vacancy rates and business support.",
        ("economic development", "town centres", "footfall", "statistics"), _N, _O, "", "10 years",
        f"{_LGA}, 17.4", "review", "candidate",
    ),
    Theme(
        "committees", "Democratic Services",
        "Agendas, reports and minutes of the council, cabinet, committees and scrutiny panels.",
        ("committees", "minutes", "democracy", "decisions"), _N, _O, "", "Permanent",
        "Local Government Act 1972, s100C", "transfer_to_archive", "published",
    ),
    Theme(
        "declarations_of_interest", "Democratic Services",
        "Councillors' registers of disclosable pecuniary interests, gifts and hospitality.",
        ("councillors", "declarations of interest", "statutory register", "transparency code"), _P, _O,
        LEGAL_OBLIGATION, "6 years after the councillor leaves office", "Localism Act 2011, s29", "destroy",
        "published",
    ),
    Theme(
        "members_casework", "Democratic Services",
        "Councillors' enquiries made on behalf of residents and MP letters.",
        ("councillors", "members enquiries", "casework"), _P, _OS, PUBLIC_TASK, "2 years after closure",
        f"{_LGA}, 1.3", "destroy",
    ),
    Theme(
        "electoral_register", "Electoral Services",
        "The full and open electoral registers, absent voters lists and applications to register.",
        ("elections", "electoral register", "statutory register", "personal data"), _P, _OS, LEGAL_OBLIGATION,
        "Permanent (full register); 1 year for applications", "Representation of the People (England and "
        "Wales) Regulations 2001", "transfer_to_archive", "not_publishable", "personal",
    ),
    Theme(
        "elections", "Electoral Services",
        "Elections: polling districts and stations, nominations, postal vote statements and results.",
        ("elections", "polling stations", "results", "open data"), _N, _O, "",
        "1 year after election (results permanent)", "Representation of the People Act 1983",
        "destroy", "published",
    ),
    Theme(
        "canvass", "Electoral Services",
        "Annual canvass communications, household enquiry forms and data matching results.",
        ("elections", "canvass", "data matching"), _P, _O, LEGAL_OBLIGATION, "2 years", f"{_LGA}, 1.10",
        "destroy",
    ),
    Theme(
        "births_deaths", "Registrars",
        "Registers of births, deaths, marriages and civil partnerships and certificate applications.",
        ("registrars", "births", "deaths", "marriages", "statutory register"), _P, _OS, LEGAL_OBLIGATION,
        "Permanent", "Births and Deaths Registration Act 1953", "transfer_to_archive", "not_publishable",
        "personal",
    ),
    Theme(
        "ceremonies", "Registrars",
        "Ceremony bookings for marriages, civil partnerships, naming and citizenship ceremonies.",
        ("registrars", "ceremonies", "citizenship", "bookings"), _P, _O, CONTRACT, "2 years after ceremony",
        f"{_LGA}, 16.1", "destroy",
    ),
    Theme(
        "contracts_register", "Procurement",
        "The contracts register and procurement pipeline published under the Local Government Transparency "
        "Code.",
        ("procurement", "contracts", "transparency code", "suppliers"), _N, _O, "",
        "6 years after contract ends",
        f"{_LGA}, 9.8", "destroy", "published",
    ),
    Theme(
        "tenders", "Procurement",
        "Tender documents, bids, evaluation scoring and award reports.",
        ("procurement", "tenders", "evaluation"), _N, _OS, "",
        "6 years after contract ends (12 years if a deed)",
        f"{_LGA}, 9.8", "destroy", "not_publishable", "commercial",
    ),
    Theme(
        "foi", "Information Governance",
        "Freedom of Information and Environmental Information Regulations requests, responses and internal "
        "reviews.",
        ("foi", "eir", "information governance", "transparency"), _P, _O, LEGAL_OBLIGATION,
        "3 years after request closed", f"{_LGA}, 1.11", "destroy", "candidate",
    ),
    Theme(
        "sars", "Information Governance",
        "Subject access requests and other data protection rights requests.",
        ("data protection", "subject access", "information governance"), _SC, _OS, LEGAL_OBLIGATION,
        "2 years after request closed", f"{_LGA}, 1.12", "destroy",
    ),
    Theme(
        "data_breaches", "Information Governance",
        "Data protection incidents and breaches, investigations and ICO reports.",
        ("data protection", "incidents", "information governance", "ico"), _SC, _OS, LEGAL_OBLIGATION,
        "6 years after closure", f"{_LGA}, 1.12", "destroy", "not_publishable", "special_category",
        ("information-governance",),
    ),
    Theme(
        "information_management", "Information Governance",
        "The information asset register, records of processing activities (ROPA), DPIAs, data sharing "
        "agreements and the retention schedule.",
        ("information governance", "ropa", "dpia", "records management"), _N, _O, "", "Permanent",
        f"{_LGA}, 1.12", "review",
    ),
    Theme(
        "records_store", "Information Governance",
        "Records held in the offsite store: box lists, retrieval requests and destruction certificates.",
        ("records management", "archive", "offsite storage"), _N, _O, "", "Permanent", f"{_LGA}, 1.13",
        "review",
    ),
    Theme(
        "complaints", "Customer Services",
        "Corporate complaints (stage 1 and 2), compliments and Local Government and Social Care Ombudsman "
        "cases.",
        ("complaints", "customer services", "ombudsman", "lgsco"), _P, _OS, PUBLIC_TASK,
        "6 years after complaint closed", f"{_LGA}, 1.4", "destroy",
    ),
    Theme(
        "customer_contacts", "Customer Services",
        "Customer contacts: CRM cases, web forms, call recordings and service requests.",
        ("customer services", "crm", "contact centre", "personal data"), _P, _O, PUBLIC_TASK,
        "2 years (call recordings 6 months)", f"{_LGA}, 1.4", "destroy",
    ),
    Theme(
        "ict_assets", "ICT",
        "ICT hardware and software inventory, licences and support contracts.",
        ("ict", "assets", "licences", "contracts"), _N, _O, "", "Life of the asset plus 2 years",
        f"{_LGA}, 1.14", "destroy",
    ),
    Theme(
        "ict_security", "ICT",
        "Cyber security: penetration tests, vulnerability scans, incidents and PSN compliance.",
        ("ict", "cyber security", "incidents", "psn"), _N, _SEC, "", "6 years", f"{_LGA}, 1.14", "destroy",
        "not_publishable", "security", ("ict-security",),
    ),
    Theme(
        "llpg", "ICT",
        "The Local Land and Property Gazetteer (LLPG) and street gazetteer: every address with its UPRN and "
        "every street with its USRN.",
        ("llpg", "addresses", "uprn", "gis", "open data"), _N, _O, "", "Permanent", "Data Co-operation "
        "Agreement (GeoPlace)", "review", "published",
    ),
    Theme(
        "data_warehouse", "ICT",
        "The corporate data warehouse and reporting marts used for dashboards and statutory returns.",
        ("data warehouse", "reporting", "dashboards"), _P, _OS, PUBLIC_TASK, "As set by each source system",
        "Source system retention", "review",
    ),
    Theme(
        "cctv_control_room", "Community Safety",
        "Public space CCTV: camera locations, incident logs and footage released to the police.",
        ("cctv", "community safety", "police", "incidents"), _P, _OS, LAW_ENFORCEMENT,
        "31 days unless retained as evidence", "Surveillance Camera Code of Practice", "destroy",
        "not_publishable", "law",
    ),
    Theme(
        "asb", "Community Safety",
        "Anti-social behaviour cases, community triggers, injunctions and community protection notices.",
        ("anti-social behaviour", "community safety", "enforcement"), _P, _OS, LAW_ENFORCEMENT,
        "6 years after case closed", f"{_LGA}, 12.10", "destroy",
    ),
    Theme(
        "prevent", "Community Safety",
        "Prevent referrals and Channel panel case records.",
        ("prevent", "channel", "safeguarding", "counter terrorism"), _SC, _SEC, SAFEGUARDING,
        "6 years after case closed", "Counter-Terrorism and Security Act 2015", "review", "not_publishable",
        "law", ("prevent-panel",),
    ),
    Theme(
        "domestic_abuse", "Community Safety",
        "Domestic abuse: MARAC referrals and domestic homicide reviews.",
        ("domestic abuse", "marac", "safeguarding"), _SC, _SEC, SAFEGUARDING, "6 years after case closed",
        f"{_LGA}, 12.11", "review", "not_publishable", "special_category", ("safeguarding-team",),
    ),
)  # fmt: skip

THEMES_BY_KEY: dict[str, Theme] = {t.key: t for t in THEMES}

# --------------------------------------------------------------------------------------------------------
# Systems: application databases with their schemas, tables and views
# --------------------------------------------------------------------------------------------------------

# Column groups used by many tables; a column spec is "name type [pk] [| comment]", separated by ";".
COLUMN_MACROS: dict[str, str] = {
    "@name": "title varchar(10); forename varchar(50); surname varchar(50)",
    "@person": "forename varchar(50); surname varchar(50); date_of_birth date",
    "@contact": "email_address varchar(255); phone_number varchar(20)",
    "@address": (
        "address_line_1 varchar(100); address_line_2 varchar(100); town varchar(50); postcode varchar(10); "
        "uprn bigint | Unique Property Reference Number from the LLPG"
    ),
    "@audit": "created_at timestamp; created_by varchar(30); updated_at timestamp; updated_by varchar(30)",
    "@geom": "easting integer | British National Grid; northing integer | British National Grid",
}


@dataclass(frozen=True)
class TableSpec:
    """A table (or view) of a system's database."""

    name: str
    title: str
    theme: str
    description: str
    columns: str
    rows: int
    view: bool = False


@dataclass(frozen=True)
class System:
    """An application and its database."""

    source: str
    product: str
    title: str
    engine: str  # postgresql | mssql | oracle
    location: str
    department: str
    theme: str
    description: str
    app_url: str
    live_since: int
    schemas: dict[str, tuple[TableSpec, ...]]
    lookups: tuple[str, ...] = ()


def T(
    name: str, title: str, theme: str, description: str, columns: str, rows: int, view: bool = False
) -> TableSpec:
    """Shorthand for a TableSpec."""
    return TableSpec(name, title, theme, description, columns, rows, view)


def parse_columns(spec: str) -> tuple[Column, ...]:
    """Expand macros and parse a column spec into Columns."""
    for macro, text in COLUMN_MACROS.items():
        spec = spec.replace(macro, text)
    columns = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        head, _, comment = part.partition(" | ")
        words = head.split()
        primary = "pk" in words[2:]
        columns.append(Column(words[0], words[1], not primary, None, comment.strip(), primary))
    return tuple(columns)


PLANNING_DB = System(
    "planning-db",
    "Uniform (Idox)",
    "Planning and regulatory services database (Uniform)",
    "postgresql",
    "postgresql://planning-db01/uniform",
    "Planning",
    "planning_applications",
    "Idox Uniform back-end database holding planning, building control, land charges and the regulatory "
    "services modules (licensing, food, environmental protection, private sector housing).",
    "https://uniform.council.local/uniform",
    2009,
    {
        "planning": (
            T(
                "applications",
                "Planning applications",
                "planning_applications",
                "Every planning application received since 1998, one row per application, with proposal, "
                "site, "
                "key dates and decision. Feeds the public access website and the PS1/PS2 returns.",
                "application_ref varchar(20) pk | Application reference, e.g. 24/01234/FUL; "
                "application_type varchar(10) | FUL, HOU, LBC, OUT, RES, ADV, TPO; proposal text; "
                "site_address varchar(255); uprn bigint | Unique Property Reference Number from the LLPG; "
                "ward varchar(50); @geom; received_date date; valid_date date; "
                "target_date date | Statutory determination date (8 or 13 weeks); decision varchar(20); "
                "decision_date date; decision_level varchar(20) | Delegated or committee; case_officer "
                "varchar(50); applicant_name varchar(100); agent_name varchar(100); @audit",
                148_000,
            ),
            T(
                "consultations",
                "Consultee responses",
                "planning_applications",
                "Consultations sent to statutory consultees (highways, Environment Agency, Historic England) "
                "and "
                "their responses.",
                "consultation_id integer pk; application_ref varchar(20); consultee varchar(100); sent_date "
                "date; "
                "due_date date; response_date date; response_summary text; objection boolean",
                612_000,
            ),
            T(
                "neighbour_notifications",
                "Neighbour notification letters",
                "planning_applications",
                "Addresses notified of each planning application, with letter dates.",
                "notification_id integer pk; application_ref varchar(20); @address; letter_sent date; "
                "site_notice_posted date",
                1_930_000,
            ),
            T(
                "representations",
                "Public comments on planning applications",
                "planning_applications",
                "Comments from residents and organisations, with commenter names and addresses; published "
                "redacted.",
                "representation_id integer pk; application_ref varchar(20); stance varchar(10) | Support, "
                "object or neutral; @name; @address; @contact; comment_text text; received_at timestamp; "
                "redacted boolean",
                402_000,
            ),
            T(
                "appeals",
                "Planning appeals",
                "planning_applications",
                "Appeals to the Planning Inspectorate against refusals and non-determination.",
                "appeal_id integer pk; application_ref varchar(20); pins_ref varchar(20) | Planning "
                "Inspectorate "
                "reference; procedure varchar(20); start_date date; decision varchar(20); decision_date "
                "date; costs_awarded boolean",
                5_800,
            ),
            T(
                "conditions",
                "Planning conditions",
                "planning_applications",
                "",
                "condition_id integer pk; application_ref varchar(20); condition_no integer; condition_text "
                "text; "
                "reason text; discharged boolean; discharged_date date",
                655_000,
            ),
            T(
                "pre_applications",
                "Pre-application advice requests",
                "planning_applications",
                "Paid pre-application advice requests and meeting notes; confidential until an application "
                "is "
                "made.",
                "preapp_ref varchar(20) pk; site_address varchar(255); uprn bigint; proposal text; fee "
                "numeric(8,2); "
                "meeting_date date; officer varchar(50); @name; @contact",
                9_400,
            ),
            T(
                "tpo",
                "Tree preservation orders",
                "tpo",
                "Tree preservation orders with their made and confirmation dates; map polygons are in the "
                "GIS.",
                "tpo_ref varchar(12) pk; tpo_title varchar(200); made_date date; confirmed_date date; "
                "status varchar(20); ward varchar(50); @geom; tree_count integer; revoked_date date",
                1_260,
            ),
            T(
                "tpo_works_applications",
                "Applications for works to protected trees",
                "tpo",
                "",
                "application_ref varchar(20) pk; tpo_ref varchar(12); works_proposed text; species "
                "varchar(100); "
                "decision varchar(20); decision_date date",
                14_200,
            ),
            T(
                "listed_buildings",
                "Listed buildings",
                "conservation",
                "Statutory listed buildings in the borough with Historic England list entry numbers.",
                "list_entry integer pk | Historic England list entry number; name varchar(200); grade "
                "varchar(3); "
                "uprn bigint; @geom; conservation_area varchar(100); listed_date date",
                1_870,
            ),
            T(
                "s106_obligations",
                "Section 106 obligations",
                "s106",
                "Obligations secured by section 106 agreements and their triggers, payments and spend.",
                "obligation_id integer pk; application_ref varchar(20); agreement_date date; obligation_type "
                "varchar(50); amount numeric(12,2); trigger_event varchar(100); received_date date; "
                "spend_deadline date; spent numeric(12,2)",
                3_900,
            ),
            T(
                "cil_liabilities",
                "CIL liabilities",
                "s106",
                "Community Infrastructure Levy liability notices, commencement and payments.",
                "liability_id integer pk; application_ref varchar(20); chargeable_area numeric(10,2); "
                "amount_due numeric(12,2); commencement_date date; paid numeric(12,2); relief_claimed "
                "varchar(50)",
                2_700,
            ),
            T(
                "vw_weekly_list",
                "Weekly list of planning applications",
                "planning_applications",
                "The weekly list of new valid applications, published every Monday.",
                "application_ref varchar(20); proposal text; site_address varchar(255); ward varchar(50); "
                "valid_date date; case_officer varchar(50)",
                120,
                view=True,
            ),
            T(
                "vw_ps2_return",
                "PS1/PS2 statutory return",
                "planning_applications",
                "Quarterly counts of decisions by type and speed for the DLUHC PS1/PS2 return.",
                "quarter varchar(7); development_type varchar(50); decided integer; within_time integer; "
                "extension_of_time integer",
                300,
                view=True,
            ),
        ),
        "building_control": (
            T(
                "bc_applications",
                "Building regulations applications",
                "building_regulations",
                "Full plans, building notices and regularisation applications.",
                "bc_ref varchar(20) pk; application_type varchar(20); site_address varchar(255); uprn "
                "bigint; "
                "description text; received_date date; decision varchar(20); fee numeric(8,2); @name; "
                "@contact",
                96_000,
            ),
            T(
                "bc_inspections",
                "Building control site inspections",
                "building_regulations",
                "",
                "inspection_id integer pk; bc_ref varchar(20); stage varchar(50) | Foundations, DPC, "
                "drainage, "
                "final; inspected_at timestamp; surveyor varchar(50); outcome varchar(20); notes text",
                402_000,
            ),
            T(
                "completion_certificates",
                "Completion certificates",
                "building_regulations",
                "Completion certificates issued; queried by conveyancing searches (CON29 question 1.1).",
                "certificate_no varchar(20) pk; bc_ref varchar(20); issued_date date; uprn bigint",
                71_000,
            ),
            T(
                "dangerous_structures",
                "Dangerous structures reports",
                "dangerous_structures",
                "",
                "report_id integer pk; reported_at timestamp; site_address varchar(255); uprn bigint; "
                "reporter_name varchar(100); reporter_phone varchar(20); risk_level varchar(10); "
                "action_taken text; surveyor varchar(50)",
                3_100,
            ),
        ),
        "land_charges": (
            T(
                "llc_register",
                "Local land charges register",
                "land_charges",
                "Charges registered against land (planning, financial, listed building, TPO); being migrated "
                "to "
                "HM Land Registry.",
                "charge_id integer pk; part integer | Register part 1 to 12; uprn bigint; description text; "
                "originating_authority varchar(100); registered_date date; cancelled_date date",
                88_000,
            ),
            T(
                "searches",
                "Official land charges searches",
                "land_charges",
                "LLC1 and CON29 searches received from solicitors and personal search agents.",
                "search_ref varchar(20) pk; search_type varchar(10); uprn bigint; applicant_firm "
                "varchar(100); "
                "received_date date; returned_date date; fee numeric(8,2)",
                142_000,
            ),
        ),
        "regulatory": (
            T(
                "food_premises",
                "Food premises",
                "food_hygiene",
                "Registered food businesses with their risk rating and current food hygiene rating.",
                "premises_id integer pk; trading_name varchar(200); fbo_name varchar(100) | Food business "
                "operator; uprn bigint; premises_type varchar(50); risk_category char(1); fhrs_rating "
                "char(1); "
                "last_inspection date; next_due date",
                3_400,
            ),
            T(
                "food_inspections",
                "Food hygiene inspections",
                "food_hygiene",
                "Food hygiene interventions with scores feeding the FHRS upload to the Food Standards "
                "Agency.",
                "inspection_id integer pk; premises_id integer; visit_date date; officer varchar(50); "
                "hygiene_score integer; structure_score integer; management_score integer; rating char(1); "
                "follow_up_required boolean",
                61_000,
            ),
            T(
                "ep_service_requests",
                "Environmental protection service requests",
                "noise_complaints",
                "Noise, smoke, odour and light nuisance complaints with investigation outcome.",
                "request_id integer pk; request_type varchar(30); received_at timestamp; @name; @address; "
                "@contact; "
                "source_address varchar(255); diary_sheets_returned boolean; abatement_notice_served "
                "boolean; closed_date date",
                118_000,
            ),
            T(
                "hmo_licences",
                "HMO licences",
                "hmo_licensing",
                "Mandatory, additional and selective licences for houses in multiple occupation.",
                "licence_no varchar(20) pk; licence_type varchar(20); property_address varchar(255); uprn "
                "bigint; "
                "licence_holder varchar(100); manager_name varchar(100); storeys integer; max_occupants "
                "integer; households integer; issued_date date; expiry_date date; conditions text",
                4_700,
            ),
            T(
                "licences",
                "Licences (premises, gambling, street trading)",
                "premises_licences",
                "Licences and permissions issued under the Licensing Act 2003, Gambling Act 2005 and street "
                "trading legislation.",
                "licence_no varchar(20) pk; licence_type varchar(50); premises_name varchar(200); uprn "
                "bigint; "
                "licence_holder varchar(100); dps_name varchar(100) | Designated premises supervisor; "
                "opening_hours text; issued_date date; expiry_date date; status varchar(20)",
                6_300,
            ),
            T(
                "temporary_event_notices",
                "Temporary event notices",
                "premises_licences",
                "",
                "ten_ref varchar(20) pk; premises_address varchar(255); premises_user varchar(100); "
                "event_start timestamp; event_end timestamp; max_attendance integer; police_objection "
                "boolean",
                9_900,
            ),
            T(
                "taxi_drivers",
                "Hackney carriage and private hire drivers",
                "taxi_licensing",
                "Licensed drivers with badge numbers, DBS, medical and knowledge test results.",
                "badge_no varchar(10) pk; @person; @address; @contact; driving_licence_no varchar(20); "
                "dbs_certificate_no varchar(12); dbs_issue_date date; medical_due date; "
                "licence_type varchar(20) | Hackney, private hire or dual; expiry_date date",
                2_900,
            ),
            T(
                "taxi_vehicles",
                "Licensed taxi and private hire vehicles",
                "taxi_licensing",
                "",
                "plate_no varchar(10) pk; vrm varchar(10); make varchar(30); model varchar(30); colour "
                "varchar(20); "
                "wheelchair_accessible boolean; euro_standard varchar(10); proprietor varchar(100); "
                "mot_due date; insurance_expiry date",
                2_400,
            ),
            T(
                "stray_dogs",
                "Stray dogs register",
                "stray_dogs",
                "Dogs seized by the dog warden, kept as the statutory register of strays.",
                "dog_id integer pk; seized_at timestamp; location varchar(200); breed varchar(50); "
                "colour varchar(30); chip_number varchar(15) | Microchip number; owner_traced boolean; "
                "outcome varchar(30); kennels varchar(50)",
                4_100,
            ),
        ),
    },
    ("application_type", "decision_code", "ward", "officer", "constraint_type", "licence_type"),
)

REVENUES_DB = System(
    "revenues-db",
    "Northgate Revenues and Benefits (NEC)",
    "Revenues and benefits database (Northgate)",
    "oracle",
    "oracle://revsprd01/NRBLIVE",
    "Revenues and Benefits",
    "council_tax_accounts",
    "Northgate Revenues and Benefits: council tax, business rates (NNDR), housing benefit and council tax "
    "reduction, with recovery.",
    "https://revs.council.local/northgate",
    2004,
    {
        "ctax": (
            T(
                "ctax_account",
                "Council tax accounts",
                "council_tax_accounts",
                "One row per council tax account (liable party at a property for a period).",
                "account_ref varchar(12) pk; property_ref varchar(12); liable_from date; liable_to date; "
                "band char(1); payment_method varchar(20); instalments integer; balance numeric(10,2); "
                "recovery_stage varchar(20); @audit",
                612_000,
            ),
            T(
                "ctax_property",
                "Council tax properties (valuation list)",
                "council_tax_accounts",
                "Dwellings in the valuation list with band and effective date, matched to the LLPG.",
                "property_ref varchar(12) pk; uprn bigint | Unique Property Reference Number from the LLPG; "
                "address varchar(255); band char(1); band_effective date; voa_ref varchar(20); occupied "
                "boolean; "
                "empty_since date",
                138_000,
            ),
            T(
                "ctax_liable_party",
                "Council tax liable parties",
                "council_tax_accounts",
                "",
                "party_id integer pk; account_ref varchar(12); @name; date_of_birth date; ni_number "
                "varchar(9) | "
                "National Insurance number; @contact; forwarding_address varchar(255); deceased boolean",
                801_000,
            ),
            T(
                "ctax_discount",
                "Council tax discounts and exemptions",
                "council_tax_discounts",
                "Single person discounts, disregards, exemptions and premiums applied to accounts.",
                "discount_id integer pk; account_ref varchar(12); discount_type varchar(10); percentage "
                "numeric(5,2); start_date date; end_date date; review_due date; evidence_ref varchar(30)",
                236_000,
            ),
            T(
                "ctax_transaction",
                "Council tax transactions",
                "council_tax_accounts",
                "",
                "transaction_id bigint pk; account_ref varchar(12); transaction_date date; transaction_type "
                "varchar(10); amount numeric(10,2); financial_year char(7)",
                19_400_000,
            ),
            T(
                "ctax_direct_debit",
                "Council tax direct debit mandates",
                "council_tax_accounts",
                "",
                "mandate_id integer pk; account_ref varchar(12); account_holder varchar(100); sort_code "
                "char(6); "
                "bank_account_no varchar(8); collection_day integer; cancelled boolean",
                301_000,
            ),
        ),
        "nndr": (
            T(
                "nndr_account",
                "Business rates accounts",
                "business_rates",
                "Business rates (NNDR) accounts with ratepayer, rateable value and reliefs.",
                "account_ref varchar(12) pk; hereditament_ref varchar(12); ratepayer varchar(200); "
                "liable_from date; liable_to date; rateable_value numeric(12,2); net_charge numeric(12,2); "
                "balance numeric(12,2)",
                24_600,
            ),
            T(
                "nndr_hereditament",
                "Rateable properties (hereditaments)",
                "business_rates",
                "",
                "hereditament_ref varchar(12) pk; voa_ref varchar(20); uprn bigint; address varchar(255); "
                "description varchar(100); rateable_value numeric(12,2); effective_date date",
                11_800,
            ),
            T(
                "nndr_relief",
                "Business rates reliefs",
                "business_rates",
                "Small business, charitable, retail hospitality and leisure and discretionary reliefs.",
                "relief_id integer pk; account_ref varchar(12); relief_type varchar(30); amount "
                "numeric(12,2); "
                "start_date date; end_date date; subsidy_declaration boolean",
                18_300,
            ),
        ),
        "hb": (
            T(
                "hb_claim",
                "Housing Benefit and Council Tax Reduction claims",
                "benefits_claims",
                "Claims with their status, tenure and weekly entitlement.",
                "claim_ref varchar(12) pk; @person; ni_number varchar(9) | National Insurance number; "
                "@address; "
                "tenure varchar(20); landlord_name varchar(100); weekly_rent numeric(8,2); hb_weekly "
                "numeric(8,2); ctr_weekly numeric(8,2); claim_date date; status varchar(20)",
                74_000,
            ),
            T(
                "hb_household",
                "Benefit claim household members",
                "benefits_claims",
                "",
                "member_id integer pk; claim_ref varchar(12); @person; relationship varchar(20); "
                "disabled boolean; carer boolean",
                161_000,
            ),
            T(
                "hb_income",
                "Claimant incomes and capital",
                "benefits_claims",
                "",
                "income_id integer pk; claim_ref varchar(12); income_type varchar(30); weekly_amount "
                "numeric(8,2); "
                "evidence_seen boolean; verified_at date",
                222_000,
            ),
            T(
                "hb_overpayment",
                "Housing Benefit overpayments",
                "benefits_claims",
                "Overpayments with cause, classification and recovery method.",
                "overpayment_id integer pk; claim_ref varchar(12); period_from date; period_to date; "
                "amount numeric(10,2); cause varchar(30); classification varchar(30) | LA error, claimant "
                "error, "
                "fraud; recovery_method varchar(30); balance numeric(10,2)",
                39_000,
            ),
            T(
                "dhp_award",
                "Discretionary housing payment awards",
                "dhp",
                "",
                "award_id integer pk; claim_ref varchar(12); reason varchar(50); weekly_amount numeric(8,2); "
                "lump_sum numeric(10,2); start_date date; end_date date",
                8_200,
            ),
        ),
        "recovery": (
            T(
                "recovery_action",
                "Recovery actions",
                "council_tax_recovery",
                "Reminders, final notices and summonses issued for council tax and business rates.",
                "action_id bigint pk; account_ref varchar(12); stage varchar(20); issued_date date; "
                "amount numeric(10,2); batch_no integer",
                1_420_000,
            ),
            T(
                "liability_order",
                "Liability orders",
                "council_tax_recovery",
                "",
                "order_id integer pk; account_ref varchar(12); hearing_date date; court varchar(50); "
                "amount numeric(10,2); costs numeric(8,2)",
                212_000,
            ),
            T(
                "ea_referral",
                "Enforcement agent referrals",
                "council_tax_recovery",
                "Accounts passed to enforcement agents (bailiffs) and their returns.",
                "referral_id integer pk; account_ref varchar(12); agency varchar(50); referred_date date; "
                "returned_date date; outcome varchar(30); collected numeric(10,2)",
                96_000,
            ),
        ),
        "reporting": (
            T(
                "v_nndr_accounts_publish",
                "Business rates accounts (published list)",
                "business_rates",
                "Accounts held by companies, published monthly as open data; sole traders excluded.",
                "account_ref varchar(12); ratepayer varchar(200); address varchar(255); rateable_value "
                "numeric(12,2); reliefs varchar(200); liable_from date",
                19_000,
                view=True,
            ),
            T(
                "v_ctax_collection",
                "Council tax collection rate",
                "council_tax_accounts",
                "",
                "financial_year char(7); band char(1); net_debit numeric(14,2); collected numeric(14,2); "
                "collection_rate numeric(5,2)",
                180,
                view=True,
            ),
        ),
    },
    ("ctax_band", "discount_type", "relief_type", "recovery_stage", "tenure_type"),
)

PARKING_DB = System(
    "parking-db",
    "Civica Parking Enforcement",
    "Parking enforcement and permits database (Civica)",
    "mssql",
    "mssql://sqlprd02/CivicaParking",
    "Parking Services",
    "pcn",
    "Civica's parking system: penalty charge notices from handhelds and CCTV, parking permits and visitor "
    "vouchers, challenges and appeals, and car park income.",
    "https://parking.council.local/civica",
    2012,
    {
        "enforcement": (
            T(
                "pcn",
                "Penalty charge notices",
                "pcn",
                "Every PCN issued by civil enforcement officers (CEOs) on street and in car parks and by "
                "CCTV, "
                "with its progression from notice to owner to charge certificate.",
                "pcn_number varchar(10) pk | PCN reference printed on the notice; vrm varchar(10) | Vehicle "
                "registration mark; vehicle_make varchar(30); vehicle_colour varchar(20); contravention_code "
                "varchar(4) | Code from the London/national list, e.g. 01, 12, 40; street varchar(100); "
                "cpz varchar(10); issued_at timestamp; ceo_number varchar(8) | Civil enforcement officer "
                "badge; "
                "issue_method varchar(10) | Handheld, CCTV or postal; amount_due numeric(6,2); status "
                "varchar(20); "
                "keeper_name varchar(100); keeper_address varchar(255); dvla_enquiry_date date; @audit",
                1_840_000,
            ),
            T(
                "pcn_payment",
                "PCN payments",
                "pcn",
                "",
                "payment_id integer pk; pcn_number varchar(10); paid_at timestamp; amount numeric(6,2); "
                "channel varchar(20); card_last4 char(4)",
                1_310_000,
            ),
            T(
                "notice_to_owner",
                "Notices to owner",
                "pcn",
                "Notices to owner sent to registered keepers after DVLA enquiries.",
                "nto_id integer pk; pcn_number varchar(10); keeper_name varchar(100); keeper_address "
                "varchar(255); "
                "postcode varchar(10); sent_date date; returned_undelivered boolean",
                520_000,
            ),
            T(
                "charge_certificate",
                "Charge certificates",
                "pcn",
                "",
                "certificate_id integer pk; pcn_number varchar(10); issued_date date; amount numeric(6,2)",
                210_000,
            ),
            T(
                "tec_registration",
                "Debt registrations at the Traffic Enforcement Centre",
                "pcn",
                "Unpaid PCNs registered as debts at the TEC (Northampton County Court) and warrants issued.",
                "registration_id integer pk; pcn_number varchar(10); registered_date date; warrant_issued "
                "date; "
                "enforcement_agent varchar(50); status varchar(20)",
                98_000,
            ),
            T(
                "ceo_deployment",
                "CEO beat deployment",
                "pcn",
                "",
                "deployment_id integer pk; ceo_number varchar(8); beat varchar(20); shift_start timestamp; "
                "shift_end timestamp; handheld_serial varchar(20)",
                260_000,
            ),
        ),
        "permits": (
            T(
                "permit",
                "Parking permits",
                "parking_permits",
                "Resident, business, carer and visitor permits for the controlled parking zones, with the "
                "vehicle, zone and validity of each.",
                "permit_number varchar(12) pk; permit_type varchar(20) | Resident, business, carer, visitor, "
                "trades; zone varchar(10); vrm varchar(10) | Vehicle registration mark; @name; @address; "
                "@contact; "
                "valid_from date; valid_to date; fee numeric(6,2); emission_band varchar(5) | CO2 band used "
                "for emissions-based charges; proof_checked boolean; @audit",
                86_000,
            ),
            T(
                "permit_application",
                "Parking permit applications",
                "parking_permits",
                "Online and paper applications for parking permits with the evidence supplied.",
                "application_id integer pk; permit_type varchar(20); zone varchar(10); @name; @address; "
                "@contact; vrm varchar(10); evidence_type varchar(30) | Council tax bill, V5C, tenancy; "
                "submitted_at timestamp; decision varchar(20)",
                143_000,
            ),
            T(
                "visitor_voucher",
                "Visitor parking vouchers",
                "parking_permits",
                "",
                "voucher_id integer pk; permit_number varchar(12); vrm varchar(10); valid_date date; "
                "hours integer; activated_at timestamp",
                2_200_000,
            ),
            T(
                "cpz",
                "Controlled parking zones",
                "parking_permits",
                "Controlled parking zones with their hours of control and permit prices.",
                "zone varchar(10) pk; zone_name varchar(100); hours_of_control varchar(100); "
                "resident_permit_price numeric(6,2); business_permit_price numeric(6,2); tro_ref varchar(20) "
                "| "
                "Traffic regulation order",
                24,
            ),
            T(
                "vw_active_permits",
                "Parking permits (active)",
                "parking_permits",
                "Permits valid today, used by the handhelds to check a vehicle's permit.",
                "permit_number varchar(12); zone varchar(10); vrm varchar(10); valid_to date",
                61_000,
                view=True,
            ),
        ),
        "cctv": (
            T(
                "camera",
                "CCTV enforcement cameras",
                "parking_cctv",
                "Approved devices enforcing bus lanes, moving traffic restrictions and school streets.",
                "camera_id varchar(10) pk; location varchar(200); enforcement_type varchar(30); @geom; "
                "certified_date date; active boolean",
                64,
            ),
            T(
                "contravention_event",
                "CCTV contravention events",
                "parking_cctv",
                "Events captured by cameras and reviewed by CCTV operators before a PCN is issued.",
                "event_id bigint pk; camera_id varchar(10); vrm varchar(10); captured_at timestamp; "
                "clip_path "
                "varchar(255); reviewed_by varchar(30); decision varchar(20); pcn_number varchar(10)",
                3_900_000,
            ),
        ),
        "appeals": (
            T(
                "representation",
                "Challenges and formal representations",
                "parking_appeals",
                "Informal challenges and formal representations against PCNs, with grounds and decision.",
                "representation_id integer pk; pcn_number varchar(10); stage varchar(20); grounds "
                "varchar(50); "
                "@name; @contact; correspondence text; received_date date; decision varchar(20); "
                "decided_by varchar(30)",
                233_000,
            ),
            T(
                "tpt_appeal",
                "Traffic Penalty Tribunal appeals",
                "parking_appeals",
                "",
                "appeal_ref varchar(12) pk; pcn_number varchar(10); lodged_date date; adjudicator "
                "varchar(50); "
                "decision varchar(20); decision_date date",
                6_100,
            ),
        ),
        "car_parks": (
            T(
                "car_park",
                "Car parks",
                "car_parks",
                "Council-run car parks with capacity, tariffs and electric vehicle charge points.",
                "car_park_id integer pk; name varchar(100); uprn bigint; @geom; spaces integer; "
                "disabled_spaces "
                "integer; ev_charge_points integer; tariff_band varchar(10); open_24h boolean",
                38,
            ),
            T(
                "pay_display_income",
                "Pay and display and cashless parking income",
                "parking_income",
                "",
                "income_id bigint pk; car_park_id integer; machine_id varchar(10); paid_at timestamp; "
                "amount numeric(6,2); channel varchar(20) | Cash, card or RingGo",
                7_600_000,
            ),
            T(
                "vw_pcn_statistics",
                "PCN statistics by contravention",
                "parking_income",
                "Monthly PCNs issued, paid and cancelled by contravention code, used in the annual parking "
                "report.",
                "month char(7); contravention_code varchar(4); issued integer; paid integer; cancelled "
                "integer; income numeric(12,2)",
                2_800,
                view=True,
            ),
        ),
    },
    ("contravention_code", "permit_type", "vehicle_make", "ceo", "cancellation_reason"),
)

SOCIAL_CARE_DB = System(
    "social-care-db",
    "Liquidlogic (LAS, LCS) and ContrOCC",
    "Social care case management database (Liquidlogic)",
    "mssql",
    "mssql://sqlsc01/Liquidlogic",
    "Adult Social Care",
    "asc_assessments",
    "Liquidlogic Adults' (LAS) and Children's (LCS) case management systems and ContrOCC care finance.",
    "https://socialcare.council.local/liquidlogic",
    2016,
    {
        "las": (
            T(
                "person",
                "Adult social care clients",
                "asc_assessments",
                "People known to adult social care, with NHS number, GP and primary support reason.",
                "person_id integer pk; nhs_number char(10) | NHS number; @person; gender varchar(10); "
                "ethnicity varchar(50); @address; @contact; gp_practice varchar(100); primary_support_reason "
                "varchar(50); deceased_date date",
                61_000,
            ),
            T(
                "assessment",
                "Care Act assessments",
                "asc_assessments",
                "",
                "assessment_id integer pk; person_id integer; assessment_type varchar(50); started date; "
                "completed date; eligible boolean; outcome varchar(50); worker varchar(50)",
                188_000,
            ),
            T(
                "support_plan",
                "Support plans",
                "asc_assessments",
                "",
                "plan_id integer pk; person_id integer; start_date date; review_due date; personal_budget "
                "numeric(10,2); services text; approved_by varchar(50)",
                97_000,
            ),
            T(
                "safeguarding_enquiry",
                "Adult safeguarding enquiries (section 42)",
                "adult_safeguarding",
                "Safeguarding concerns and section 42 enquiries with abuse type, location and outcome.",
                "enquiry_id integer pk; person_id integer; concern_date date; abuse_type varchar(50); "
                "location_of_risk varchar(50); source_of_risk varchar(50); s42_started boolean; outcome "
                "varchar(50); making_safeguarding_personal text",
                24_000,
            ),
            T(
                "dols_application",
                "Deprivation of Liberty Safeguards applications",
                "dols",
                "",
                "dols_id integer pk; person_id integer; managing_authority varchar(100); received date; "
                "urgent boolean; authorised date; expires date; bia_name varchar(50) | Best interests "
                "assessor",
                17_500,
            ),
            T(
                "case_note",
                "Case notes (adults)",
                "asc_assessments",
                "",
                "note_id bigint pk; person_id integer; note_type varchar(30); note_text text; recorded_at "
                "timestamp; recorded_by varchar(50)",
                3_400_000,
            ),
        ),
        "lcs": (
            T(
                "child",
                "Children known to children's social care",
                "child_protection",
                "Children with an open or closed episode, with legal status and disability.",
                "child_id integer pk; upn char(13) | Unique pupil number; nhs_number char(10); @person; "
                "gender "
                "varchar(10); ethnicity varchar(50); @address; legal_status varchar(20); disabled boolean",
                88_000,
            ),
            T(
                "referral",
                "Contacts and referrals (MASH)",
                "child_protection",
                "Contacts and referrals received by the multi-agency safeguarding hub, with source and "
                "decision.",
                "referral_id integer pk; child_id integer; received_at timestamp; source varchar(50); "
                "reason varchar(100); rag_rating varchar(5); decision varchar(50); worker varchar(50)",
                156_000,
            ),
            T(
                "cp_plan",
                "Child protection plans",
                "child_protection",
                "",
                "plan_id integer pk; child_id integer; category varchar(30) | Neglect, physical, emotional, "
                "sexual abuse; start_date date; end_date date; conference_date date",
                9_600,
            ),
            T(
                "cla_episode",
                "Looked after children episodes",
                "looked_after_children",
                "Episodes of care for the SSDA903 return: legal status, placement type and reason for "
                "leaving.",
                "episode_id integer pk; child_id integer; start_date date; end_date date; legal_status "
                "varchar(5); placement_type varchar(5); placement_provider varchar(100); reason_ceased "
                "varchar(5)",
                21_000,
            ),
            T(
                "foster_carer",
                "Foster carers",
                "fostering_adoption",
                "",
                "carer_id integer pk; @name; date_of_birth date; @address; @contact; approval_date date; "
                "approved_places integer; carer_type varchar(30); dbs_date date",
                1_100,
            ),
            T(
                "case_note",
                "Case notes (children)",
                "child_protection",
                "",
                "note_id bigint pk; child_id integer; note_type varchar(30); note_text text; recorded_at "
                "timestamp; recorded_by varchar(50)",
                5_900_000,
            ),
        ),
        "controcc": (
            T(
                "service_agreement",
                "Care packages (service agreements)",
                "asc_finance",
                "Commissioned care packages with provider, service, units and cost.",
                "agreement_id integer pk; person_id integer; provider_id integer; service varchar(50); "
                "units_per_week numeric(6,2); unit_cost numeric(8,2); start_date date; end_date date",
                142_000,
            ),
            T(
                "provider",
                "Care providers",
                "asc_providers",
                "",
                "provider_id integer pk; provider_name varchar(200); cqc_location_id varchar(20) | Care "
                "Quality "
                "Commission location; service_type varchar(50); cqc_rating varchar(30); address varchar(255)",
                940,
            ),
            T(
                "financial_assessment",
                "Financial assessments for charging",
                "asc_finance",
                "",
                "fa_id integer pk; person_id integer; assessed_date date; weekly_charge numeric(8,2); "
                "capital "
                "numeric(12,2); disability_related_expenditure numeric(8,2); deferred_payment boolean",
                83_000,
            ),
            T(
                "direct_payment",
                "Direct payments",
                "asc_finance",
                "",
                "dp_id integer pk; person_id integer; weekly_amount numeric(8,2); start_date date; "
                "managed_account boolean; audit_due date",
                6_800,
            ),
            T(
                "vw_ssda903_extract",
                "SSDA903 return extract",
                "looked_after_children",
                "Extract for the annual SSDA903 return on looked after children to the Department for "
                "Education.",
                "child_id integer; upn char(13); date_of_birth date; episode_start date; legal_status "
                "varchar(5); placement_type varchar(5)",
                2_100,
                view=True,
            ),
        ),
    },
    ("primary_support_reason", "placement_type", "legal_status", "service_type"),
)

EDUCATION_DB = System(
    "education-db",
    "Capita One (Education)",
    "Education management database (Capita One)",
    "mssql",
    "mssql://sqledu01/ONE",
    "Education",
    "school_admissions",
    "Capita One: pupil records, school admissions, SEND, attendance and free school meals.",
    "https://one.council.local/one",
    2011,
    {
        "core": (
            T(
                "pupil",
                "Pupils",
                "school_admissions",
                "Pupils of the borough's schools from the school census, keyed by unique pupil number.",
                "pupil_id integer pk; upn char(13) | Unique pupil number; @person; gender varchar(10); "
                "ethnicity varchar(50); first_language varchar(50); @address; school_urn integer; "
                "year_group varchar(5); sen_status varchar(5); fsm_eligible boolean",
                71_000,
            ),
            T(
                "school",
                "Schools",
                "school_places",
                "Schools in the borough with DfE numbers, phase and capacity.",
                "urn integer pk | Unique reference number (Get Information about Schools); dfe_number "
                "varchar(8); "
                "school_name varchar(200); phase varchar(20); school_type varchar(50); capacity integer; "
                "uprn bigint; head_teacher varchar(100); ofsted_rating varchar(30)",
                118,
            ),
        ),
        "admissions": (
            T(
                "application",
                "School admission applications",
                "school_admissions",
                "Applications for reception, junior and secondary transfer and in-year admissions.",
                "application_id integer pk; pupil_id integer; round varchar(20); @name; @address; @contact; "
                "sibling_link boolean; looked_after boolean; submitted_at timestamp",
                148_000,
            ),
            T(
                "preference",
                "School preferences",
                "school_admissions",
                "",
                "preference_id integer pk; application_id integer; rank integer; urn integer; criterion "
                "varchar(30); distance_m integer | Home to school distance used as the tie-break",
                512_000,
            ),
            T(
                "offer",
                "School place offers",
                "school_admissions",
                "",
                "offer_id integer pk; application_id integer; urn integer; offered_on date; accepted boolean",
                146_000,
            ),
            T(
                "appeal",
                "Admission appeals",
                "school_admissions",
                "",
                "appeal_id integer pk; application_id integer; urn integer; lodged date; hearing_date date; "
                "upheld boolean",
                4_300,
            ),
        ),
        "send": (
            T(
                "ehc_request",
                "EHC needs assessment requests",
                "send",
                "Requests for an education, health and care needs assessment and the 20-week timeline.",
                "request_id integer pk; pupil_id integer; received date; requested_by varchar(50); decision "
                "varchar(20); decision_date date; plan_issued date; within_20_weeks boolean",
                9_800,
            ),
            T(
                "ehcp",
                "Education, Health and Care Plans",
                "send",
                "Current and ceased EHCPs with primary need and placement.",
                "ehcp_id integer pk; pupil_id integer; primary_need varchar(50) | SEN primary need type; "
                "placement_urn integer; start_date date; ceased_date date; personal_budget boolean",
                7_400,
            ),
            T(
                "annual_review",
                "EHCP annual reviews",
                "send",
                "",
                "review_id integer pk; ehcp_id integer; review_date date; amended boolean; notes text",
                31_000,
            ),
            T(
                "tribunal",
                "SEND tribunal appeals",
                "send",
                "",
                "appeal_id integer pk; pupil_id integer; lodged date; grounds varchar(100); outcome "
                "varchar(30)",
                640,
            ),
        ),
        "attendance": (
            T(
                "cme_case",
                "Children missing education",
                "school_attendance",
                "",
                "case_id integer pk; pupil_id integer; reported date; reason varchar(50); located date; "
                "outcome varchar(50)",
                6_200,
            ),
            T(
                "ehe_register",
                "Elective home education register",
                "school_attendance",
                "Children whose parents have chosen to educate them at home.",
                "ehe_id integer pk; pupil_id integer; started date; previous_school_urn integer; "
                "last_contact date; suitable_education varchar(20)",
                1_900,
            ),
            T(
                "penalty_notice",
                "School attendance penalty notices",
                "school_attendance",
                "",
                "notice_id integer pk; pupil_id integer; @name; @address; issued date; amount numeric(6,2); "
                "paid boolean; prosecuted boolean",
                12_400,
            ),
            T(
                "fsm_check",
                "Free school meals eligibility checks",
                "free_school_meals",
                "Eligibility checks made through the DfE eligibility checking service.",
                "check_id integer pk; @person; ni_number varchar(9) | Parent's National Insurance number; "
                "checked_at timestamp; eligible boolean; school_urn integer",
                88_000,
            ),
        ),
    },
    ("year_group", "sen_need_type", "admission_criterion", "school_phase"),
)

LIBRARY_DB = System(
    "library-db",
    "Spydus (Civica)",
    "Library management database (Spydus)",
    "postgresql",
    "postgresql://lib-db01/spydus",
    "Libraries",
    "library_members",
    "Spydus library management system: members, loans, reservations, the catalogue and stock.",
    "https://libraries.council.local/spydus",
    2014,
    {
        "members": (
            T(
                "borrower",
                "Library members",
                "library_members",
                "Registered library members with home branch and membership type.",
                "borrower_id integer pk; card_number varchar(14); @name; date_of_birth date; @address; "
                "@contact; "
                "home_branch varchar(50); membership_type varchar(20) | Adult, child, concession, "
                "housebound; joined date; last_active date; marketing_consent boolean",
                214_000,
            ),
            T(
                "home_library_service",
                "Home library service customers",
                "library_members",
                "Housebound readers visited by volunteers, with access needs and reading preferences.",
                "customer_id integer pk; borrower_id integer; access_needs text | Mobility and sight notes; "
                "volunteer varchar(50); visit_day varchar(10); large_print boolean; audio_books boolean",
                640,
            ),
        ),
        "circulation": (
            T(
                "loan",
                "Library loans",
                "library_members",
                "Loans and renewals of items by members, kept for two years for stock analysis.",
                "loan_id bigint pk; borrower_id integer; item_barcode varchar(14); branch varchar(50); "
                "issued_at "
                "timestamp; due_date date; returned_at timestamp; renewals integer",
                9_600_000,
            ),
            T(
                "reservation",
                "Reservations",
                "library_members",
                "",
                "reservation_id integer pk; borrower_id integer; bib_id integer; placed_at timestamp; "
                "pickup_branch varchar(50); status varchar(20)",
                410_000,
            ),
            T(
                "charge",
                "Library charges and fines",
                "library_members",
                "",
                "charge_id integer pk; borrower_id integer; charge_type varchar(20); amount numeric(6,2); "
                "raised date; paid date; waived boolean",
                270_000,
            ),
            T(
                "pc_session",
                "Public PC bookings (People's Network)",
                "library_members",
                "",
                "session_id bigint pk; borrower_id integer; branch varchar(50); pc_name varchar(20); "
                "start_at timestamp; minutes integer",
                1_050_000,
            ),
        ),
        "catalogue": (
            T(
                "bib_record",
                "Library catalogue (bibliographic records)",
                "library_stock",
                "Bibliographic records in MARC21 for the catalogue shown on the library website.",
                "bib_id integer pk; isbn varchar(13); title varchar(500); author varchar(200); publisher "
                "varchar(100); publication_year integer; format varchar(20); dewey varchar(20)",
                388_000,
            ),
            T(
                "item",
                "Library stock items",
                "library_stock",
                "",
                "item_barcode varchar(14) pk; bib_id integer; branch varchar(50); collection varchar(30); "
                "status varchar(20); acquired date; price numeric(6,2); last_issued date",
                702_000,
            ),
            T(
                "stock_order",
                "Stock orders",
                "library_stock",
                "",
                "order_id integer pk; supplier varchar(50); bib_id integer; copies integer; unit_price "
                "numeric(6,2); ordered date; received date",
                91_000,
            ),
        ),
        "reporting": (
            T(
                "vw_issues_by_branch",
                "Issues by branch (monthly)",
                "library_stock",
                "Monthly issues, visits and active members by branch for the CIPFA return.",
                "month char(7); branch varchar(50); issues integer; renewals integer; active_members integer",
                2_400,
                view=True,
            ),
        ),
    },
    ("branch", "collection", "membership_type", "item_status"),
)

HR_DB = System(
    "hr-db",
    "Oracle E-Business Suite HR and Payroll",
    "HR and payroll database (Oracle EBS)",
    "oracle",
    "oracle://ebsprd01/EBSPRD",
    "HR",
    "personnel_files",
    "Oracle E-Business Suite HRMS and Payroll for around 6,800 employees, and the iRecruitment module.",
    "https://ebs.council.local/OA_HTML",
    2007,
    {
        "hr": (
            T(
                "per_people",
                "Employees",
                "personnel_files",
                "Current and former employees with personal details, diversity data and right to work.",
                "person_id integer pk; employee_number varchar(10); @name; date_of_birth date; ni_number "
                "varchar(9) | National Insurance number; gender varchar(10); ethnic_origin varchar(50); "
                "disability varchar(20); @address; @contact; start_date date; leaving_date date; "
                "right_to_work_checked date",
                31_000,
            ),
            T(
                "per_assignments",
                "Assignments and posts",
                "personnel_files",
                "",
                "assignment_id integer pk; person_id integer; position_id integer; grade varchar(10); "
                "spinal_point integer; fte numeric(4,2); contract_type varchar(20); manager_id integer; "
                "effective_from date; effective_to date",
                96_000,
            ),
            T(
                "hr_positions",
                "Establishment (positions)",
                "workforce_data",
                "Funded posts in the establishment with grade, cost centre and vacancy status.",
                "position_id integer pk; position_title varchar(100); directorate varchar(50); service "
                "varchar(50); grade varchar(10); cost_centre varchar(10); fte numeric(4,2); vacant boolean",
                7_900,
            ),
            T(
                "per_absences",
                "Sickness absence records",
                "absence",
                "Absence spells with reason category, fit notes and return to work.",
                "absence_id integer pk; person_id integer; absence_type varchar(20); reason_category "
                "varchar(50) | Musculoskeletal, stress, etc.; start_date date; end_date date; days_lost "
                "numeric(6,1); fit_note boolean; rtw_interview date",
                412_000,
            ),
            T(
                "oh_referrals",
                "Occupational health referrals",
                "absence",
                "",
                "referral_id integer pk; person_id integer; referred date; reason text; provider "
                "varchar(50); "
                "report_received date; adjustments text",
                9_300,
            ),
            T(
                "hr_cases",
                "Employee relations cases",
                "hr_casework",
                "Grievance, disciplinary, capability, dignity at work and whistleblowing cases.",
                "case_id integer pk; person_id integer; case_type varchar(30); opened date; investigator "
                "varchar(50); outcome varchar(50); appeal boolean; closed date",
                5_600,
            ),
            T(
                "dbs_checks",
                "DBS checks",
                "recruitment",
                "Disclosure and Barring Service checks for roles in regulated activity.",
                "check_id integer pk; person_id integer; level varchar(20); certificate_no varchar(12); "
                "issue_date date; update_service boolean; recheck_due date",
                14_800,
            ),
            T(
                "irc_vacancies",
                "Vacancies",
                "recruitment",
                "",
                "vacancy_id integer pk; position_id integer; job_title varchar(100); advertised date; "
                "closing_date date; salary_range varchar(50); hiring_manager varchar(50)",
                11_000,
            ),
            T(
                "irc_applicants",
                "Job applicants",
                "recruitment",
                "Applications received through iRecruitment with shortlisting and interview outcome.",
                "applicant_id integer pk; vacancy_id integer; @name; @contact; @address; shortlisted "
                "boolean; "
                "interviewed boolean; outcome varchar(20); disability_confident boolean",
                182_000,
            ),
        ),
        "pay": (
            T(
                "pay_run_results",
                "Payroll run results",
                "payroll",
                "Gross to net results for every employee in every payroll run.",
                "result_id bigint pk; person_id integer; payroll_period char(7); gross_pay numeric(10,2); "
                "tax numeric(10,2); employee_ni numeric(10,2); pension numeric(10,2); net_pay numeric(10,2); "
                "tax_code varchar(10)",
                2_700_000,
            ),
            T(
                "pay_bank_details",
                "Employee bank details",
                "payroll",
                "",
                "bank_id integer pk; person_id integer; account_name varchar(100); sort_code char(6); "
                "account_number varchar(8); effective_from date",
                33_000,
            ),
            T(
                "pay_pension_contributions",
                "LGPS pension contributions",
                "payroll",
                "Local Government Pension Scheme contributions and the monthly return to the fund.",
                "contribution_id bigint pk; person_id integer; period char(7); pensionable_pay "
                "numeric(10,2); "
                "employee_rate numeric(4,2); employee_amount numeric(10,2); employer_amount numeric(10,2)",
                1_900_000,
            ),
            T(
                "v_gender_pay_gap",
                "Gender pay gap data",
                "workforce_data",
                "Snapshot of hourly pay and bonus by gender for the annual gender pay gap publication.",
                "snapshot_date date; gender varchar(10); pay_quartile integer; hourly_rate numeric(8,2); "
                "headcount integer",
                8,
                view=True,
            ),
            T(
                "v_headcount",
                "Headcount and FTE by directorate",
                "workforce_data",
                "",
                "month char(7); directorate varchar(50); headcount integer; fte numeric(8,2); agency_workers "
                "integer",
                900,
                view=True,
            ),
        ),
    },
    ("grade", "absence_reason", "contract_type", "element"),
)

FINANCE_DB = System(
    "finance-db",
    "Unit4 ERP (Agresso)",
    "Finance system database (Unit4 ERP)",
    "mssql",
    "mssql://sqlfin01/agresso",
    "Finance",
    "accounts",
    "Unit4 ERP (formerly Agresso): general ledger, accounts payable and receivable, purchasing and budgets.",
    "https://erp.council.local/unit4",
    2010,
    {
        "ap": (
            T(
                "supplier",
                "Suppliers",
                "creditors",
                "Supplier master file with bank details, VAT and Companies House numbers.",
                "supplier_id varchar(10) pk; supplier_name varchar(200); company_number varchar(8); "
                "vat_number "
                "varchar(12); @address; email_address varchar(255); sort_code char(6); bank_account_no "
                "varchar(8) | Masked in reports; sme boolean; vcse boolean | Voluntary or community "
                "organisation; "
                "status varchar(10)",
                21_000,
            ),
            T(
                "invoice",
                "Supplier invoices",
                "creditors",
                "",
                "invoice_id bigint pk; supplier_id varchar(10); invoice_number varchar(30); invoice_date "
                "date; "
                "received_date date; net numeric(12,2); vat numeric(12,2); po_number varchar(12); paid_date "
                "date",
                1_650_000,
            ),
            T(
                "payment",
                "Supplier payments",
                "creditors",
                "BACS and cheque payments to suppliers; the basis of the spending over £500 publication.",
                "payment_id bigint pk; supplier_id varchar(10); payment_date date; amount numeric(12,2); "
                "method varchar(10); cost_centre varchar(10); account_code varchar(10)",
                1_580_000,
            ),
        ),
        "ar": (
            T(
                "customer",
                "Debtors (customers)",
                "debtors",
                "",
                "customer_id varchar(10) pk; customer_name varchar(200); @address; @contact; customer_type "
                "varchar(20)",
                94_000,
            ),
            T(
                "sales_invoice",
                "Sales invoices",
                "debtors",
                "Sundry debtor invoices for services such as commercial waste, rents and licences.",
                "invoice_id bigint pk; customer_id varchar(10); invoice_date date; service varchar(50); "
                "amount "
                "numeric(12,2); balance numeric(12,2); recovery_stage varchar(20)",
                720_000,
            ),
            T(
                "receipt",
                "Income receipts",
                "debtors",
                "",
                "receipt_id bigint pk; customer_id varchar(10); received date; amount numeric(12,2); channel "
                "varchar(20); allocated boolean",
                2_100_000,
            ),
        ),
        "gl": (
            T(
                "ledger_transaction",
                "General ledger transactions",
                "accounts",
                "Every posting to the general ledger by cost centre and account code.",
                "transaction_id bigint pk; period char(7); cost_centre varchar(10); account_code "
                "varchar(10); "
                "amount numeric(14,2); description varchar(200); source varchar(10); posted_by varchar(30)",
                46_000_000,
            ),
            T(
                "cost_centre",
                "Cost centres",
                "budgets",
                "",
                "cost_centre varchar(10) pk; description varchar(100); directorate varchar(50); "
                "budget_holder "
                "varchar(50); active boolean",
                2_300,
            ),
            T(
                "budget",
                "Revenue budgets",
                "budgets",
                "Original and revised revenue budgets by cost centre, account and period.",
                "budget_id integer pk; financial_year char(7); cost_centre varchar(10); account_code "
                "varchar(10); original numeric(14,2); revised numeric(14,2); profile varchar(20)",
                380_000,
            ),
            T(
                "bank_statement",
                "Bank statement lines",
                "accounts",
                "Bank statement lines imported daily for the bank reconciliation.",
                "line_id bigint pk; account varchar(20); statement_date date; amount numeric(14,2); "
                "reference varchar(100); reconciled boolean",
                3_800_000,
            ),
        ),
        "purchasing": (
            T(
                "purchase_order",
                "Purchase orders",
                "creditors",
                "",
                "po_number varchar(12) pk; supplier_id varchar(10); raised date; requisitioner varchar(50); "
                "approver varchar(50); total numeric(12,2); contract_ref varchar(20)",
                410_000,
            ),
            T(
                "vw_spend_over_500",
                "Spending over £500",
                "creditors",
                "Payments of £500 and over published monthly under the Local Government Transparency Code.",
                "payment_date date; supplier_name varchar(200); amount numeric(12,2); service varchar(100); "
                "expense_type varchar(100); transaction_id bigint",
                190_000,
                view=True,
            ),
            T(
                "vw_budget_monitoring",
                "Budget monitoring",
                "budgets",
                "",
                "period char(7); directorate varchar(50); cost_centre varchar(10); budget numeric(14,2); "
                "actual numeric(14,2); forecast numeric(14,2); variance numeric(14,2)",
                28_000,
                view=True,
            ),
        ),
    },
    ("account_code", "vat_code", "payment_method", "directorate"),
)

HIGHWAYS_DB = System(
    "highways-db",
    "Confirm (Brightly)",
    "Highways asset management database (Confirm)",
    "oracle",
    "oracle://confirm-db01/CONFIRM",
    "Highways",
    "highways_defects",
    "Confirm highways asset management: the asset inventory, inspections, defects, customer enquiries, "
    "works orders and streetworks.",
    "https://confirm.council.local/confirmweb",
    2008,
    {
        "highways": (
            T(
                "site",
                "Streets (sites)",
                "highways_assets",
                "Streets and rights of way from the street gazetteer, with hierarchy and maintenance "
                "category.",
                "site_code varchar(12) pk; usrn integer | Unique Street Reference Number; street_name "
                "varchar(100); locality varchar(50); hierarchy varchar(10); length_m numeric(10,2); "
                "adopted boolean",
                4_900,
            ),
            T(
                "feature",
                "Highway assets (features)",
                "highways_assets",
                "",
                "feature_id integer pk; site_code varchar(12); feature_type varchar(30) | Street light, "
                "gully, "
                "sign, bollard, bridge; @geom; installed date; condition varchar(10); owner varchar(30)",
                148_000,
            ),
            T(
                "enquiry",
                "Highways customer enquiries",
                "highways_defects",
                "Reports of potholes, broken street lights and other problems from the website, app and "
                "phone.",
                "enquiry_no integer pk; subject varchar(50); site_code varchar(12); @geom; logged_at "
                "timestamp; "
                "enquirer_name varchar(100); enquirer_email varchar(255); enquirer_phone varchar(20); "
                "description text; status varchar(20)",
                402_000,
            ),
            T(
                "defect",
                "Highway defects",
                "highways_defects",
                "Defects found by inspectors or reported by the public, with risk category and response "
                "time.",
                "defect_id integer pk; site_code varchar(12); defect_type varchar(30) | Pothole, trip, "
                "crack, sunken cover; depth_mm integer; risk_category char(2); @geom; found_at timestamp; "
                "inspector varchar(50); target_date date; repaired date; job_no integer",
                612_000,
            ),
            T(
                "inspection",
                "Highway safety inspections",
                "highways_defects",
                "Scheduled safety inspections by route and frequency; the evidence for a section 58 defence.",
                "inspection_id integer pk; route varchar(20); site_code varchar(12); inspected_at timestamp; "
                "inspector varchar(50); method varchar(20) | Walked or driven; defects_found integer",
                980_000,
            ),
            T(
                "job",
                "Highways works orders",
                "highways_defects",
                "",
                "job_no integer pk; defect_id integer; contractor varchar(50); priority varchar(10); raised "
                "date; "
                "completed date; cost numeric(10,2)",
                540_000,
            ),
            T(
                "claim",
                "Highways third party claims",
                "highways_claims",
                "Claims for injury or vehicle damage said to be caused by the state of the highway.",
                "claim_id integer pk; claimant_name varchar(100); claimant_address varchar(255); "
                "incident_date "
                "date; site_code varchar(12); claim_type varchar(20); amount_claimed numeric(10,2); "
                "section_58_defence boolean; outcome varchar(20)",
                8_700,
            ),
            T(
                "traffic_order",
                "Traffic regulation orders",
                "traffic_orders",
                "Traffic regulation orders (TROs) for waiting and loading restrictions, CPZs and speed "
                "limits.",
                "tro_ref varchar(20) pk; title varchar(200); order_type varchar(20); made_date date; "
                "operative_date date; streets text; revoked boolean",
                1_900,
            ),
            T(
                "gritting_route",
                "Gritting routes",
                "winter_maintenance",
                "",
                "route_id varchar(10) pk; priority integer; length_km numeric(6,2); vehicle varchar(10); "
                "streets text",
                14,
            ),
            T(
                "v_open_potholes",
                "Open pothole defects",
                "highways_defects",
                "Potholes reported or found and not yet repaired, for the live map on the website.",
                "defect_id integer; street_name varchar(100); easting integer; northing integer; found_at "
                "timestamp; target_date date",
                1_400,
                view=True,
            ),
        ),
        "streetworks": (
            T(
                "permit",
                "Streetworks permits",
                "streetworks",
                "Permits granted to utility companies and contractors under the permit scheme.",
                "permit_ref varchar(30) pk; promoter varchar(50); usrn integer; works_category varchar(20); "
                "proposed_start date; proposed_end date; actual_end date; traffic_management varchar(30); "
                "fee numeric(8,2)",
                198_000,
            ),
            T(
                "fpn",
                "Streetworks fixed penalty notices",
                "streetworks",
                "",
                "fpn_ref varchar(20) pk; permit_ref varchar(30); offence varchar(50); issued date; amount "
                "numeric(8,2); paid boolean",
                7_600,
            ),
            T(
                "s74_charge",
                "Section 74 overrun charges",
                "streetworks",
                "",
                "charge_id integer pk; permit_ref varchar(30); days_overrun integer; amount numeric(10,2); "
                "invoiced date",
                3_100,
            ),
        ),
    },
    ("defect_type", "feature_type", "priority", "contractor"),
)

WASTE_DB = System(
    "waste-db",
    "Bartec Collective",
    "Waste collections database (Bartec)",
    "mssql",
    "mssql://sqlprd03/Bartec",
    "Waste and Recycling",
    "bin_collections",
    "Bartec Collective: collection rounds and in-cab devices, service requests (missed bins, bulky waste, "
    "fly-tipping), garden waste subscriptions and commercial waste.",
    "https://waste.council.local/bartec",
    2017,
    {
        "collections": (
            T(
                "premises",
                "Premises and collection days",
                "bin_collections",
                "Every property served, its rounds and collection days; powers the 'find my bin day' page.",
                "premises_id integer pk; uprn bigint | Unique Property Reference Number from the LLPG; "
                "address "
                "varchar(255); refuse_round varchar(10); recycling_round varchar(10); food_round "
                "varchar(10); "
                "collection_day varchar(10); assisted_collection boolean | Crew collects from the property; "
                "communal boolean",
                141_000,
            ),
            T(
                "round",
                "Collection rounds",
                "bin_collections",
                "",
                "round_id varchar(10) pk; service varchar(20); collection_day varchar(10); vehicle_reg "
                "varchar(10); crew_size integer; properties integer",
                96,
            ),
            T(
                "container",
                "Bins and containers",
                "bin_collections",
                "",
                "container_id integer pk; premises_id integer; container_type varchar(30); size_litres "
                "integer; "
                "delivered date; rfid_tag varchar(24)",
                390_000,
            ),
            T(
                "job",
                "Collection jobs (in-cab)",
                "bin_collections",
                "Round completion and exceptions recorded by crews on in-cab devices (bin not out, "
                "contaminated).",
                "job_id bigint pk; round_id varchar(10); premises_id integer; scheduled date; completed_at "
                "timestamp; exception varchar(30); photo_path varchar(255)",
                21_000_000,
            ),
        ),
        "service_requests": (
            T(
                "missed_bin",
                "Missed bin reports",
                "missed_bins",
                "Missed collections reported by residents, with the crew's exception and the return visit.",
                "request_id integer pk; premises_id integer; reported_at timestamp; container_type "
                "varchar(30); "
                "reporter_name varchar(100); reporter_email varchar(255); crew_exception varchar(30); "
                "returned date; upheld boolean",
                311_000,
            ),
            T(
                "bulky_waste",
                "Bulky waste bookings",
                "missed_bins",
                "",
                "booking_id integer pk; premises_id integer; @name; @contact; items text; collection_date "
                "date; "
                "fee numeric(6,2); concession boolean",
                64_000,
            ),
            T(
                "fly_tip",
                "Fly-tipping reports",
                "fly_tipping",
                "Fly-tipping reports with waste type, size and clearance, feeding the WasteDataFlow "
                "fly-tipping "
                "return.",
                "report_id integer pk; @geom; land_type varchar(20); waste_type varchar(30); size "
                "varchar(20); "
                "reported_at timestamp; reporter_email varchar(255); cleared date; evidence_found boolean; "
                "fpn_issued boolean",
                142_000,
            ),
            T(
                "garden_waste",
                "Garden waste subscriptions",
                "missed_bins",
                "",
                "subscription_id integer pk; premises_id integer; @name; @contact; bins integer; paid "
                "numeric(6,2); "
                "valid_from date; valid_to date",
                38_000,
            ),
        ),
        "commercial": (
            T(
                "customer",
                "Commercial waste customers",
                "commercial_waste",
                "",
                "customer_id integer pk; business_name varchar(200); contact_name varchar(100); @contact; "
                "uprn bigint; contract_start date; contract_end date; lifts_per_week integer",
                3_600,
            ),
            T(
                "transfer_note",
                "Waste transfer notes",
                "commercial_waste",
                "Annual duty of care waste transfer notes for commercial customers.",
                "note_id integer pk; customer_id integer; year integer; ewc_code varchar(10) | European "
                "Waste "
                "Catalogue code; description varchar(100); signed date",
                21_000,
            ),
        ),
        "reporting": (
            T(
                "vw_tonnage_monthly",
                "Monthly waste tonnages",
                "waste_data",
                "Tonnages by stream from weighbridge tickets for WasteDataFlow and the recycling rate.",
                "month char(7); stream varchar(30); tonnes numeric(10,2); destination varchar(50)",
                1_300,
                view=True,
            ),
        ),
    },
    ("container_type", "crew_exception", "waste_stream"),
)

HOUSING_DB = System(
    "housing-db",
    "Civica CX",
    "Housing management database (Civica CX)",
    "postgresql",
    "postgresql://housing-db01/cx",
    "Housing",
    "tenancies",
    "Civica CX housing management: properties, tenancies, rents, repairs, the housing register and "
    "homelessness cases.",
    "https://housing.council.local/cx",
    2019,
    {
        "property": (
            T(
                "property",
                "Housing properties",
                "housing_stock",
                "Council-owned homes with type, size, age and energy rating.",
                "prop_ref varchar(10) pk; uprn bigint | Unique Property Reference Number from the LLPG; "
                "address "
                "varchar(255); block_ref varchar(10); property_type varchar(20); bedrooms integer; "
                "build_year integer; epc_rating char(1); asbestos_present boolean; sheltered boolean; status "
                "varchar(20)",
                24_800,
            ),
            T(
                "block",
                "Blocks and estates",
                "housing_stock",
                "",
                "block_ref varchar(10) pk; block_name varchar(100); estate varchar(100); storeys integer; "
                "high_rise boolean; fra_date date | Fire risk assessment",
                1_240,
            ),
            T(
                "compliance_check",
                "Landlord compliance checks",
                "housing_stock",
                "Gas safety, electrical, fire, legionella and lift checks with due and completed dates.",
                "check_id integer pk; prop_ref varchar(10); check_type varchar(30); due date; completed "
                "date; "
                "contractor varchar(50); result varchar(20); certificate_path varchar(255)",
                310_000,
            ),
            T(
                "estate_parking",
                "Estate parking bays and garages",
                "housing_stock",
                "Parking bays and garages on housing estates let to tenants and leaseholders, with estate "
                "parking permits.",
                "bay_id integer pk; estate varchar(100); bay_type varchar(20) | Bay, garage, disabled bay; "
                "let_to varchar(100); vrm varchar(10); weekly_charge numeric(6,2); permit_number varchar(12)",
                3_900,
            ),
        ),
        "tenancy": (
            T(
                "tenancy",
                "Tenancies",
                "tenancies",
                "Current and former tenancies with type, start and end and the reason for ending.",
                "tenancy_ref varchar(12) pk; prop_ref varchar(10); tenancy_type varchar(20) | Secure, "
                "introductory, flexible; start_date date; end_date date; end_reason varchar(50); "
                "succession boolean",
                68_000,
            ),
            T(
                "tenant",
                "Tenants and household members",
                "tenancies",
                "People in each tenancy with contact details, vulnerability flags and support needs.",
                "person_id integer pk; tenancy_ref varchar(12); @name; date_of_birth date; ni_number "
                "varchar(9); "
                "@contact; vulnerability_flags varchar(200); support_needs text; preferred_language "
                "varchar(30)",
                142_000,
            ),
            T(
                "tenancy_audit",
                "Tenancy audits",
                "tenancies",
                "",
                "audit_id integer pk; tenancy_ref varchar(12); visit_date date; officer varchar(50); id_seen "
                "boolean; occupants_match boolean; fraud_referral boolean",
                18_000,
            ),
        ),
        "repairs": (
            T(
                "repair_order",
                "Repair orders",
                "housing_repairs",
                "Responsive repairs raised by the contact centre and surveyors, with priority and "
                "completion.",
                "order_no integer pk; prop_ref varchar(10); trade varchar(20); description text; priority "
                "varchar(10) | Emergency, urgent, routine; raised_at timestamp; target date; completed date; "
                "contractor varchar(50); cost numeric(10,2); satisfaction integer",
                1_220_000,
            ),
            T(
                "void",
                "Void properties",
                "housing_repairs",
                "",
                "void_id integer pk; prop_ref varchar(10); void_date date; works_complete date; let_date "
                "date; "
                "void_works_cost numeric(10,2); rent_loss numeric(10,2)",
                21_000,
            ),
            T(
                "damp_mould_case",
                "Damp and mould cases",
                "housing_repairs",
                "Damp and mould reports with inspection, works and follow-up, tracked against Awaab's Law "
                "timescales.",
                "case_id integer pk; prop_ref varchar(10); reported date; inspected date; severity "
                "varchar(10); works_order integer; resolved date; vulnerable_household boolean",
                7_300,
            ),
        ),
        "rents": (
            T(
                "rent_account",
                "Rent accounts",
                "rents",
                "Rent accounts with weekly charge, balance and arrears stage.",
                "account_ref varchar(12) pk; tenancy_ref varchar(12); weekly_rent numeric(8,2); "
                "service_charge "
                "numeric(8,2); balance numeric(10,2); arrears_stage varchar(20); universal_credit boolean",
                68_000,
            ),
            T(
                "rent_transaction",
                "Rent transactions",
                "rents",
                "",
                "transaction_id bigint pk; account_ref varchar(12); transaction_date date; type varchar(20); "
                "amount numeric(10,2)",
                14_600_000,
            ),
            T(
                "arrears_action",
                "Rent arrears actions",
                "rents",
                "Arrears letters, notices seeking possession, court dates and evictions.",
                "action_id integer pk; account_ref varchar(12); action varchar(30); action_date date; "
                "officer "
                "varchar(50); court_date date; outcome varchar(30)",
                211_000,
            ),
        ),
        "allocations": (
            T(
                "application",
                "Housing register applications",
                "housing_register",
                "Applications to join the housing register with band, bedroom need and priority date.",
                "application_no integer pk; @name; date_of_birth date; @address; @contact; band varchar(5); "
                "bedroom_need integer; priority_date date; medical_priority boolean; status varchar(20)",
                41_000,
            ),
            T(
                "medical_assessment",
                "Medical priority assessments",
                "housing_register",
                "",
                "assessment_id integer pk; application_no integer; condition_summary text; adviser "
                "varchar(50); "
                "decision varchar(20); decided date",
                12_800,
            ),
            T(
                "bid",
                "Choice-based lettings bids",
                "housing_register",
                "",
                "bid_id bigint pk; application_no integer; advert_id integer; placed_at timestamp; position "
                "integer; offered boolean",
                1_900_000,
            ),
        ),
        "homelessness": (
            T(
                "approach",
                "Homelessness approaches",
                "homelessness_cases",
                "Everyone approaching the council as homeless or threatened with homelessness.",
                "approach_id integer pk; @person; @contact; approach_date date; reason varchar(50); "
                "household_type varchar(30); outcome varchar(50)",
                38_000,
            ),
            T(
                "case",
                "Homelessness cases (H-CLIC)",
                "homelessness_cases",
                "Prevention, relief and main duty cases with the data for the quarterly H-CLIC return.",
                "case_id integer pk; approach_id integer; duty varchar(20); support_needs varchar(200); "
                "php_agreed date | Personalised housing plan; decision varchar(30); decision_date date; "
                "closed date",
                29_000,
            ),
            T(
                "ta_placement",
                "Temporary accommodation placements",
                "temporary_accommodation",
                "",
                "placement_id integer pk; case_id integer; accommodation varchar(100); accommodation_type "
                "varchar(30) | Hostel, B&B, nightly paid, PSL; start_date date; end_date date; nightly_cost "
                "numeric(8,2); children integer",
                17_500,
            ),
            T(
                "vw_hclic_extract",
                "H-CLIC quarterly extract",
                "homelessness_cases",
                "",
                "quarter char(7); case_id integer; duty varchar(20); reason varchar(50); support_needs "
                "varchar(200); outcome varchar(50)",
                9_000,
                view=True,
            ),
        ),
    },
    ("trade", "tenancy_type", "band", "void_reason"),
)

_SHAPE = "objectid integer pk; shape geometry | Polygon in British National Grid (EPSG:27700)"
_POINT = "objectid integer pk; shape geometry | Point in British National Grid (EPSG:27700)"
_LINE = "objectid integer pk; shape geometry | Line in British National Grid (EPSG:27700)"

GIS_DB = System(
    "gis-db",
    "ArcGIS Enterprise geodatabase",
    "Corporate GIS geodatabase (ArcGIS Enterprise)",
    "postgresql",
    "postgresql://gis-db01/corporate_gis",
    "ICT",
    "llpg",
    "The corporate enterprise geodatabase behind the intranet map and the public 'my area' maps.",
    "https://maps.council.local/portal",
    2013,
    {
        "llpg": (
            T(
                "blpu",
                "LLPG basic land and property units",
                "llpg",
                "Every addressable object in the borough with its UPRN, classification and coordinates.",
                "uprn bigint pk | Unique Property Reference Number; usrn integer | Unique Street Reference "
                "Number; logical_status integer; blpu_class varchar(6) | AddressBase classification code; "
                "x_coordinate numeric(10,2); y_coordinate numeric(10,2); ward varchar(50); start_date date",
                152_000,
            ),
            T(
                "lpi",
                "LLPG addresses (land and property identifiers)",
                "llpg",
                "",
                "lpi_key varchar(14) pk; uprn bigint; sao_text varchar(90); pao_start_number integer; "
                "pao_text "
                "varchar(90); street_description varchar(100); town varchar(50); postcode varchar(10); "
                "official_flag char(1)",
                171_000,
            ),
            T(
                "street",
                "Street gazetteer",
                "llpg",
                "",
                "usrn integer pk; street_description varchar(100); locality varchar(50); record_type "
                "integer; "
                "responsible_authority varchar(50); state integer",
                5_300,
            ),
        ),
        "planning": (
            T(
                "conservation_areas",
                "Conservation areas",
                "conservation",
                "",
                f"{_SHAPE}; area_name varchar(100); designated date; appraisal_url varchar(255); article_4 "
                "boolean",
                31,
            ),
            T(
                "tpo_areas",
                "Tree preservation order areas",
                "tpo",
                "Polygons and points of trees and woodland protected by TPOs.",
                f"{_SHAPE}; tpo_ref varchar(12); tpo_type varchar(20) | Individual, group, area, woodland; "
                "species varchar(100)",
                3_100,
            ),
            T(
                "local_plan_allocations",
                "Local Plan site allocations",
                "planning_policy",
                "",
                f"{_SHAPE}; site_ref varchar(10); site_name varchar(100); allocation varchar(50); "
                "indicative_homes integer; hectares numeric(8,2)",
                142,
            ),
        ),
        "environment": (
            T(
                "parks",
                "Parks and open spaces",
                "parks",
                "",
                f"{_SHAPE}; site_name varchar(100); site_type varchar(30); hectares numeric(8,2); green_flag "
                "boolean; play_area boolean",
                212,
            ),
            T(
                "allotment_sites",
                "Allotment sites",
                "allotments",
                "",
                f"{_SHAPE}; site_name varchar(100); plots integer; water_supply boolean; association "
                "varchar(100)",
                27,
            ),
            T(
                "cemeteries",
                "Cemeteries",
                "burials",
                "",
                f"{_SHAPE}; cemetery varchar(100); opened integer; closed_for_new_graves boolean",
                9,
            ),
            T(
                "aqma",
                "Air quality management areas",
                "air_quality",
                "",
                f"{_SHAPE}; aqma_name varchar(100); pollutant varchar(20); declared date",
                4,
            ),
            T(
                "council_trees",
                "Council trees",
                "trees",
                "Trees on council land, streets and parks from the tree survey, with species and condition.",
                f"{_POINT}; tree_id varchar(10); species varchar(100); height_m numeric(5,1); dbh_cm integer "
                "| Stem diameter at breast height; condition varchar(20); next_inspection date",
                61_000,
            ),
        ),
        "transport": (
            T(
                "cpz",
                "Controlled parking zones (map)",
                "parking_permits",
                "Boundaries of the controlled parking zones, published on the parking permit pages.",
                f"{_SHAPE}; zone varchar(10); zone_name varchar(100); hours_of_control varchar(100)",
                24,
            ),
            T(
                "parking_bays",
                "On-street parking bays",
                "traffic_orders",
                "Every on-street parking bay and restriction as made by the traffic regulation orders.",
                f"{_LINE}; bay_type varchar(30) | Permit holders, pay and display, disabled, loading; zone "
                "varchar(10); spaces integer; tro_ref varchar(20); street varchar(100)",
                18_400,
            ),
            T(
                "car_parks",
                "Car parks (map)",
                "car_parks",
                "",
                f"{_POINT}; car_park varchar(100); spaces integer; operator varchar(30)",
                52,
            ),
            T(
                "gritting_routes",
                "Gritting routes (map)",
                "winter_maintenance",
                "",
                f"{_LINE}; route_id varchar(10); priority integer",
                410,
            ),
            T(
                "bus_lane_cameras",
                "Bus lane and moving traffic cameras",
                "parking_cctv",
                "",
                f"{_POINT}; camera_id varchar(10); enforcement_type varchar(30); commissioned date",
                64,
            ),
        ),
        "democracy": (
            T(
                "wards",
                "Wards",
                "elections",
                "",
                f"{_SHAPE}; ward_code char(9); ward_name varchar(50); electorate integer",
                21,
            ),
            T(
                "polling_districts",
                "Polling districts and stations",
                "elections",
                "Polling district boundaries and polling station locations from the latest review.",
                f"{_SHAPE}; district_code varchar(4); ward varchar(50); polling_station varchar(100); "
                "station_uprn bigint",
                96,
            ),
        ),
        "property": (
            T(
                "council_land",
                "Council land ownership (terrier)",
                "property_estates",
                "Land and buildings owned or leased by the council, from the property terrier.",
                f"{_SHAPE}; terrier_ref varchar(10); property_name varchar(100); tenure varchar(20); "
                "use_class varchar(30); uprn bigint; title_number varchar(12)",
                2_900,
            ),
        ),
    },
    ("domain_tpo_type", "domain_bay_type"),
)

CASEWORK_DB = System(
    "casework-db",
    "iCasework",
    "Casework database (iCasework)",
    "postgresql",
    "postgresql://icase-db01/icasework",
    "Information Governance",
    "foi",
    "iCasework: FOI and EIR requests, subject access requests, complaints, ombudsman cases and members' "
    "enquiries.",
    "https://council.icasework.com",
    2018,
    {
        "cases": (
            T(
                "foi_request",
                "FOI and EIR requests",
                "foi",
                "Freedom of Information and EIR requests with subject, service, exemptions and whether "
                "answered "
                "within 20 working days.",
                "case_ref varchar(12) pk; received date; requester_type varchar(20) | Member of public, "
                "media, "
                "business, campaign; @name; email_address varchar(255); subject varchar(200); service "
                "varchar(50); exemptions varchar(100) | FOIA sections applied; due date; responded date; "
                "within_time boolean; internal_review boolean",
                21_000,
            ),
            T(
                "sar",
                "Subject access requests",
                "sars",
                "Subject access and other data protection rights requests with identity checks and "
                "deadlines.",
                "case_ref varchar(12) pk; received date; @person; @contact; @address; id_verified date; "
                "extended boolean; pages_disclosed integer; due date; responded date",
                3_600,
            ),
            T(
                "complaint",
                "Complaints",
                "complaints",
                "Stage 1 and stage 2 complaints by service with category, outcome and remedy.",
                "case_ref varchar(12) pk; received date; stage integer; service varchar(50); category "
                "varchar(50); @name; @contact; @address; outcome varchar(20) | Upheld, partly upheld, not "
                "upheld; remedy text; responded date",
                48_000,
            ),
            T(
                "ombudsman_case",
                "Ombudsman cases",
                "complaints",
                "",
                "lgsco_ref varchar(12) pk | Local Government and Social Care Ombudsman reference; case_ref "
                "varchar(12); service varchar(50); decision varchar(30); remedy text; decided date",
                1_300,
            ),
            T(
                "members_enquiry",
                "Members' enquiries",
                "members_casework",
                "Enquiries from councillors and MPs on behalf of residents.",
                "case_ref varchar(12) pk; received date; member varchar(100); ward varchar(50); constituent "
                "varchar(100); service varchar(50); summary text; responded date",
                26_000,
            ),
            T(
                "correspondent",
                "Correspondents",
                "customer_contacts",
                "",
                "correspondent_id integer pk; @name; @contact; @address; preferred_channel varchar(20)",
                88_000,
            ),
        ),
        "reporting": (
            T(
                "vw_foi_performance",
                "FOI performance (20 working days)",
                "foi",
                "Monthly FOI volumes and timeliness by service, reported to the Information Governance "
                "Board.",
                "month char(7); service varchar(50); received integer; responded integer; within_time "
                "integer",
                1_100,
                view=True,
            ),
            T(
                "vw_complaints_by_service",
                "Complaints by service",
                "complaints",
                "",
                "quarter char(7); service varchar(50); stage integer; received integer; upheld integer",
                600,
                view=True,
            ),
        ),
    },
    ("case_type", "service", "foi_exemption"),
)

ELECTORAL_DB = System(
    "electoral-db",
    "Xpress Electoral Management (Idox)",
    "Electoral registration database (Xpress)",
    "mssql",
    "mssql://sqlprd04/Xpress",
    "Electoral Services",
    "electoral_register",
    "Xpress electoral management software: the electoral register, absent voters and the annual canvass.",
    "https://elections.council.local/xpress",
    2010,
    {
        "register": (
            T(
                "elector",
                "Electors",
                "electoral_register",
                "Everyone on the electoral register with franchise, opt-out from the open register and "
                "attainer date.",
                "elector_no varchar(10) pk | Polling district letters and elector number; @name; "
                "date_of_birth "
                "date | Held for attainers and verification; property_id integer; franchise char(1); "
                "open_register_opt_out boolean; nationality varchar(30); registered date; deleted date",
                262_000,
            ),
            T(
                "property",
                "Electoral properties",
                "electoral_register",
                "",
                "property_id integer pk; uprn bigint; address varchar(255); polling_district varchar(4); "
                "canvass_route char(1) | Route 1, 2 or 3",
                139_000,
            ),
            T(
                "absent_voter",
                "Postal and proxy voters",
                "electoral_register",
                "Absent voter lists: postal votes, proxies and postal proxies with signatures refresh date.",
                "av_id integer pk; elector_no varchar(10); av_type varchar(20); proxy_name varchar(100); "
                "redirect_address varchar(255); signature_refresh_due date; valid_until date",
                48_000,
            ),
            T(
                "application",
                "Applications to register",
                "electoral_register",
                "",
                "application_id integer pk; received date; channel varchar(20); @person; ni_number "
                "varchar(9) "
                "| Verified with DWP; dwp_match boolean; determined date; outcome varchar(20)",
                96_000,
            ),
        ),
        "canvass": (
            T(
                "canvass_response",
                "Annual canvass responses",
                "canvass",
                "Responses to canvass communications (CCA, CCB, CF) by route and channel.",
                "response_id integer pk; property_id integer; canvass_year integer; form varchar(5); channel "
                "varchar(20); changes boolean; received date",
                410_000,
            ),
            T(
                "data_match",
                "Canvass data matching results",
                "canvass",
                "",
                "match_id integer pk; property_id integer; canvass_year integer; dwp_match varchar(10); "
                "local_data_match varchar(10); route char(1)",
                139_000,
            ),
        ),
    },
    ("franchise", "av_type", "polling_district"),
)

SYSTEMS: tuple[System, ...] = (
    PLANNING_DB, REVENUES_DB, PARKING_DB, SOCIAL_CARE_DB, EDUCATION_DB, LIBRARY_DB, HR_DB, FINANCE_DB,
    HIGHWAYS_DB, WASTE_DB, HOUSING_DB, GIS_DB, CASEWORK_DB, ELECTORAL_DB,
)  # fmt: skip

# Leftovers found in real databases: backups, staging and scratch tables nobody owns.
CRUFT_TABLE_PATTERNS: tuple[str, ...] = (
    "{table}_bak_{date}",
    "tmp_{table}",
    "stg_{table}_import",
    "{table}_old",
    "{table}_copy_{initials}",
)

# --------------------------------------------------------------------------------------------------------
# Applications without a harvested database, and paper or offsite records typed into the register
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """A business application as the ICT applications register describes it."""

    title: str
    theme: str
    description: str
    url: str
    hosting: str  # the format field: "Software as a service", "On-premises", ...


# Who supplies each application (by its title in the applications register).
VENDORS: dict[str, str] = {
    "Uniform (Idox)": "Idox",
    "Northgate Revenues and Benefits (NEC)": "NEC Software Solutions",
    "Civica Parking Enforcement": "Civica",
    "Liquidlogic (LAS, LCS) and ContrOCC": "System C",
    "Capita One (Education)": "Capita",
    "Spydus (Civica)": "Civica",
    "Oracle E-Business Suite HR and Payroll": "Oracle",
    "Unit4 ERP (Agresso)": "Unit4",
    "Confirm (Brightly)": "Brightly Software",
    "Bartec Collective": "Bartec Municipal Technologies",
    "Civica CX": "Civica",
    "ArcGIS Enterprise geodatabase": "Esri",
    "iCasework": "Civica",
    "Xpress Electoral Management (Idox)": "Idox",
    "Microsoft 365 (Exchange Online, SharePoint Online, Teams)": "Microsoft",
    "Modern.gov": "Civica",
    "Customer portal and CRM (Granicus)": "Granicus",
    "RingGo cashless parking": "RingGo",
    "Genetec CCTV video management": "Genetec",
    "Power BI and the data warehouse": "Microsoft",
    "Egress secure email": "Egress",
    "Idox Uniform Public Access": "Idox",
    "Tascomi regulatory services": "Tascomi",
    "Oracle iRecruitment jobs site": "Oracle",
    "ParentPay school meals": "ParentPay",
}

APPLICATIONS: tuple[Application, ...] = (
    Application(
        "Microsoft 365 (Exchange Online, SharePoint Online, Teams)",
        "information_management",
        "Email, Teams and SharePoint Online for all staff and councillors; the corporate document "
        "store since the 2021 migration from network drives.",
        "https://council.sharepoint.com",
        "Software as a service",
    ),
    Application(
        "Modern.gov",
        "committees",
        "Committee management: agendas, reports, minutes, decisions, councillor details and "
        "declarations of interest, published on the council website.",
        "https://democracy.council.gov.uk",
        "Software as a service",
    ),
    Application(
        "Registration Online (RON)",
        "births_deaths",
        "The General Register Office's system for registering births, deaths, marriages and civil "
        "partnerships; registers are held by GRO, local copies are kept by the Superintendent "
        "Registrar.",
        "https://ron.gro.gov.uk",
        "Software as a service",
    ),
    Application(
        "Tell Us Once",
        "births_deaths",
        "DWP service used at death registration to notify government departments and council services "
        "in one go.",
        "https://tellusonce.dwp.gov.uk",
        "Software as a service",
    ),
    Application(
        "Customer portal and CRM (Granicus)",
        "customer_contacts",
        "Online forms and the customer account used for reporting missed bins, potholes and fly-tipping, "
        "applying for permits and paying; cases pass to back-office systems by integration.",
        "https://my.council.gov.uk",
        "Software as a service",
    ),
    Application(
        "Blue Badge Digital Service",
        "blue_badges",
        "The Department for Transport's national service for processing blue badge applications and "
        "ordering badges.",
        "https://manage-blue-badges.service.gov.uk",
        "Software as a service",
    ),
    Application(
        "Street Manager",
        "streetworks",
        "Department for Transport service for planning and managing street works; permits sync to Confirm.",
        "https://www.manage-roadworks.service.gov.uk",
        "Software as a service",
    ),
    Application(
        "DVLA KADOE",
        "pcn",
        "Keeper at date of event enquiries to DVLA for registered keepers of vehicles receiving PCNs.",
        "https://kadoe.dvla.gov.uk",
        "Government service",
    ),
    Application(
        "RingGo cashless parking",
        "parking_income",
        "Pay-by-phone and app parking payments for on-street bays and car parks; virtual visitor permits.",
        "https://myringgo.co.uk",
        "Software as a service",
    ),
    Application(
        "Epitaph bereavement management",
        "burials",
        "Burial and cremation bookings, grave ownership and registers for the cemeteries and crematorium.",
        "https://epitaph.council.local",
        "On-premises",
    ),
    Application(
        "Colony allotments management",
        "allotments",
        "Allotment plots, tenants, rent invoices and the waiting list.",
        "https://colony.council.local",
        "Software as a service",
    ),
    Application(
        "Markets database (Access)",
        "market_traders",
        "Microsoft Access database of market traders, stalls and weekly rents, kept on the "
        "Neighbourhoods shared drive.",
        r"\\fs02\Neighbourhoods\Markets\Markets.accdb",
        "Desktop database",
    ),
    Application(
        "Genetec CCTV video management",
        "cctv_control_room",
        "Video management system for the 240 public space cameras monitored from the CCTV control room.",
        "https://cctv.council.local",
        "On-premises",
    ),
    Application(
        "Power BI and the data warehouse",
        "data_warehouse",
        "Corporate dashboards and statutory return reports built on the SQL Server data warehouse.",
        "https://app.powerbi.com",
        "Software as a service",
    ),
    Application(
        "Egress secure email",
        "information_management",
        "Encrypted email for sending OFFICIAL-SENSITIVE information to partners outside the PSN.",
        "https://switch.egress.com",
        "Software as a service",
    ),
    Application(
        "Idox Uniform Public Access",
        "planning_applications",
        "The public website for searching planning, building control and licensing applications.",
        "https://publicaccess.council.gov.uk",
        "On-premises",
    ),
    Application(
        "Tascomi regulatory services",
        "ts_investigations",
        "Case management for trading standards complaints, intelligence and investigations.",
        "https://tascomi.council.local",
        "Software as a service",
    ),
    Application(
        "Oracle iRecruitment jobs site",
        "recruitment",
        "The council's jobs website and applicant tracking, part of Oracle EBS.",
        "https://jobs.council.gov.uk",
        "On-premises",
    ),
    Application(
        "Public Health Intelligence Hub",
        "health_intelligence",
        "Secure analytical environment for NHS data (PCMD, HES) under data sharing agreements.",
        "https://phi.council.local",
        "On-premises",
    ),
    Application(
        "ParentPay school meals",
        "free_school_meals",
        "Online payments for school meals and trips in maintained schools.",
        "https://www.parentpay.com",
        "Software as a service",
    ),
)

REGISTER_ENTRY_FORMATS = (
    "Paper",
    "Microfiche",
    "Bound volumes",
    "Photographs",
    "Maps and plans",
    "Mixed media",
)


@dataclass(frozen=True)
class RegisterEntry:
    """A paper or offsite record series typed into the register by a records officer."""

    title: str
    theme: str
    description: str
    location: str
    format: str
    years: tuple[int, int]


REGISTER_ENTRIES: tuple[RegisterEntry, ...] = (
    RegisterEntry(
        "Planning microfiche archive",
        "planning_applications",
        "Planning application files from 1948 to 1998 on microfiche, with a card index by street.",
        "Civic Centre basement, Records Room B, cabinets 1-14",
        "Microfiche",
        (1948, 1998),
    ),
    RegisterEntry(
        "Planning application files 1999-2009 (paper)",
        "planning_applications",
        "Paper case files for applications before the Uniform document management system; scanning "
        "on request.",
        "Offsite: Restore Records Management, boxes PLN-0001 to PLN-2260",
        "Paper",
        (1999, 2009),
    ),
    RegisterEntry(
        "Registers of electors 1950-2000 (bound volumes)",
        "electoral_register",
        "Printed full registers of electors, one volume per ward per year; available in the local "
        "studies library.",
        "Central Library, Local Studies strongroom",
        "Bound volumes",
        (1950, 2000),
    ),
    RegisterEntry(
        "Burial registers 1856-1990",
        "burials",
        "Handwritten burial registers for the council's cemeteries; digitised images are in Epitaph.",
        "Cemetery office, fireproof safe",
        "Bound volumes",
        (1856, 1990),
    ),
    RegisterEntry(
        "Grave plans and cemetery maps",
        "burials",
        "Original cemetery section plans showing grave numbers, used to locate unmarked graves.",
        "Cemetery office, plan chest",
        "Maps and plans",
        (1880, 2005),
    ),
    RegisterEntry(
        "Cremation registers",
        "cremations",
        "Statutory registers of cremations carried out.",
        "Crematorium office",
        "Bound volumes",
        (1958, 2012),
    ),
    RegisterEntry(
        "Building control plans (microfilm)",
        "building_regulations",
        "Approved building regulations plans from 1965 to 2000 on microfilm aperture cards.",
        "Offsite: Restore Records Management, boxes BC-0001 to BC-0880",
        "Microfiche",
        (1965, 2000),
    ),
    RegisterEntry(
        "Council minutes (bound volumes)",
        "committees",
        "Bound, signed minutes of the council and its committees since the borough was formed.",
        "Town Hall, Members' Library",
        "Bound volumes",
        (1889, 2010),
    ),
    RegisterEntry(
        "Sealed deeds and agreements register",
        "contracts_register",
        "The register of documents sealed by the council, with the deeds themselves.",
        "Legal Services strongroom",
        "Bound volumes",
        (1974, 2026),
    ),
    RegisterEntry(
        "Title deeds of council property",
        "property_deeds",
        "Original conveyances and title deeds for unregistered council land.",
        "Legal Services strongroom, deed boxes 1-310",
        "Paper",
        (1890, 2000),
    ),
    RegisterEntry(
        "Children's social care closed case files (paper)",
        "looked_after_children",
        "Paper case files for children in care before electronic records; held until the 75th "
        "birthday of the child.",
        "Offsite: Restore Records Management, boxes CSC-0001 to CSC-4120",
        "Paper",
        (1970, 2012),
    ),
    RegisterEntry(
        "Adoption case files (paper)",
        "fostering_adoption",
        "Adoption agency case records kept for 100 years from the adoption order.",
        "Offsite: secure store, access via the Adoption Team only",
        "Paper",
        (1926, 2012),
    ),
    RegisterEntry(
        "Adult social care closed case files (paper)",
        "asc_assessments",
        "Paper files for adults' cases closed before the move to Liquidlogic.",
        "Offsite: Restore Records Management, boxes ASC-0001 to ASC-1900",
        "Paper",
        (1993, 2016),
    ),
    RegisterEntry(
        "Personnel files of former employees",
        "personnel_files",
        "Paper personnel files for leavers before 2015.",
        "Offsite: Restore Records Management, boxes HR-0001 to HR-1650",
        "Paper",
        (1985, 2015),
    ),
    RegisterEntry(
        "Pension scheme records (paper)",
        "payroll",
        "Historic LGPS membership records for deferred members.",
        "Pensions office, roller racking",
        "Paper",
        (1974, 2008),
    ),
    RegisterEntry(
        "Rating valuation lists 1973-1990",
        "business_rates",
        "Historic rating lists from before council tax and the national non-domestic rate.",
        "Central Library, Local Studies strongroom",
        "Bound volumes",
        (1973, 1990),
    ),
    RegisterEntry(
        "Council tax valuation appeals (paper)",
        "council_tax_accounts",
        "Paper appeal files from the 1993 council tax banding exercise.",
        "Offsite: Restore Records Management, boxes CT-0001 to CT-0140",
        "Paper",
        (1993, 1999),
    ),
    RegisterEntry(
        "Housing tenancy files (paper)",
        "tenancies",
        "Paper tenancy files for tenancies that ended before 2019.",
        "Offsite: Restore Records Management, boxes HSG-0001 to HSG-3120",
        "Paper",
        (1980, 2019),
    ),
    RegisterEntry(
        "Right to buy files",
        "housing_stock",
        "Right to buy applications and completions, kept for lease and covenant enquiries.",
        "Housing archive, Riverside Depot",
        "Paper",
        (1980, 2015),
    ),
    RegisterEntry(
        "Highways adoption records (Section 38 agreements)",
        "traffic_orders",
        "Plans and agreements for roads adopted as public highway.",
        "Highways drawing office",
        "Maps and plans",
        (1950, 2020),
    ),
    RegisterEntry(
        "Traffic regulation orders (sealed originals)",
        "traffic_orders",
        "Sealed traffic orders, including parking restrictions and controlled parking zones.",
        "Legal Services strongroom",
        "Paper",
        (1968, 2026),
    ),
    RegisterEntry(
        "Parking permit application forms (paper)",
        "parking_permits",
        "Paper applications for parking permits received before the online service.",
        "Offsite: Restore Records Management, boxes PRK-0001 to PRK-0090",
        "Paper",
        (2006, 2018),
    ),
    RegisterEntry(
        "PCN paper correspondence",
        "parking_appeals",
        "Scanned and original letters challenging penalty charge notices before 2016.",
        "Offsite: Restore Records Management, boxes PRK-0100 to PRK-0410",
        "Paper",
        (2008, 2016),
    ),
    RegisterEntry(
        "School admission registers of closed schools",
        "school_admissions",
        "Admission registers transferred when schools closed or amalgamated.",
        "Central Library, Local Studies strongroom",
        "Bound volumes",
        (1900, 1995),
    ),
    RegisterEntry(
        "SEND statements (pre-2014)",
        "send",
        "Statements of special educational needs issued before EHCPs replaced them.",
        "Offsite: Restore Records Management, boxes EDU-0001 to EDU-0620",
        "Paper",
        (1983, 2014),
    ),
    RegisterEntry(
        "Registers of births, deaths and marriages (local copies)",
        "births_deaths",
        "The Superintendent Registrar's registers since 1837.",
        "Register Office strongroom",
        "Bound volumes",
        (1837, 2026),
    ),
    RegisterEntry(
        "Local studies photograph collection",
        "local_studies",
        "Around 40,000 photographs of the borough from the 1860s onwards; partly digitised.",
        "Central Library, Local Studies",
        "Photographs",
        (1860, 2010),
    ),
    RegisterEntry(
        "Ordnance Survey historic maps",
        "local_studies",
        "Historic OS maps at 1:2500 and 1:10560 covering the borough.",
        "Central Library, map room",
        "Maps and plans",
        (1870, 1990),
    ),
    RegisterEntry(
        "Land charges card index",
        "land_charges",
        "Card index of land charges before computerisation; still consulted for old charges.",
        "Civic Centre, Land Charges office",
        "Paper",
        (1926, 1996),
    ),
    RegisterEntry(
        "Licensing files (paper)",
        "premises_licences",
        "Justices' licensing files transferred to the council under the Licensing Act 2003.",
        "Offsite: Restore Records Management, boxes LIC-0001 to LIC-0210",
        "Paper",
        (1960, 2005),
    ),
    RegisterEntry(
        "Hackney carriage driver files (paper)",
        "taxi_licensing",
        "Paper files for taxi drivers licensed before 2012.",
        "Licensing office, locked cabinets",
        "Paper",
        (1990, 2012),
    ),
    RegisterEntry(
        "Food premises files",
        "food_hygiene",
        "Paper inspection files for food premises.",
        "Regulatory Services office, Riverside Depot",
        "Paper",
        (1990, 2014),
    ),
    RegisterEntry(
        "Noise recordings on CD",
        "noise_complaints",
        "Noise monitoring recordings on CD-ROM kept as evidence for abatement notices.",
        "Environmental Protection office, safe",
        "Mixed media",
        (2004, 2015),
    ),
    RegisterEntry(
        "Fraud investigation files (paper)",
        "fraud_investigations",
        "Paper case files from benefit and tenancy fraud investigations, including interview under "
        "caution tapes.",
        "Counter Fraud office, locked room",
        "Mixed media",
        (2005, 2018),
    ),
    RegisterEntry(
        "Disciplinary and grievance files (paper)",
        "hr_casework",
        "Paper employee relations case files.",
        "HR office, locked cabinets",
        "Paper",
        (2008, 2019),
    ),
    RegisterEntry(
        "Insurance claims files (paper)",
        "treasury_insurance",
        "Employers' and public liability claims files; kept long for latent disease claims.",
        "Offsite: Restore Records Management, boxes INS-0001 to INS-0330",
        "Paper",
        (1974, 2015),
    ),
    RegisterEntry(
        "Committee papers of former authorities",
        "committees",
        "Minutes of the urban district councils merged into the borough in 1974.",
        "Central Library, Local Studies strongroom",
        "Bound volumes",
        (1894, 1974),
    ),
    RegisterEntry(
        "Polling station ballot paper accounts",
        "elections",
        "Ballot paper accounts and marked registers kept for one year after each election.",
        "Electoral Services store, Town Hall",
        "Paper",
        (2022, 2025),
    ),
    RegisterEntry(
        "Allotment tenancy agreements (paper)",
        "allotments",
        "Signed allotment tenancy agreements for current plot holders.",
        "Parks office, Riverside Depot",
        "Paper",
        (1995, 2026),
    ),
    RegisterEntry(
        "Tree preservation order originals",
        "tpo",
        "Sealed TPOs with their original plans.",
        "Legal Services strongroom",
        "Maps and plans",
        (1951, 2026),
    ),
    RegisterEntry(
        "Street naming and numbering files",
        "llpg",
        "Orders and plans naming new streets and numbering properties.",
        "Civic Centre, LLPG team",
        "Maps and plans",
        (1960, 2026),
    ),
    RegisterEntry(
        "Markets traders' rent books",
        "market_traders",
        "Weekly rent books for indoor market stalls before the Access database.",
        "Market office",
        "Paper",
        (1985, 2009),
    ),
    RegisterEntry(
        "Homelessness case files (paper)",
        "homelessness_cases",
        "Paper homelessness files before the move to Civica CX.",
        "Offsite: Restore Records Management, boxes HOM-0001 to HOM-0470",
        "Paper",
        (2002, 2019),
    ),
    RegisterEntry(
        "Covid-19 test site records",
        "covid",
        "Site logs and incident reports from local test sites.",
        "Public Health office, boxes COV-01 to COV-40",
        "Paper",
        (2020, 2022),
    ),
    RegisterEntry(
        "Destruction certificates",
        "records_store",
        "Certificates of destruction issued by the offsite store for records past retention.",
        "Information Governance, Civic Centre",
        "Paper",
        (2008, 2026),
    ),
    RegisterEntry(
        "Mayoral and civic photographs",
        "local_studies",
        "Photographs of mayors, civic events and royal visits.",
        "Mayor's Parlour",
        "Photographs",
        (1950, 2024),
    ),
    RegisterEntry(
        "CCTV evidence discs released to police",
        "cctv_control_room",
        "Log of footage discs produced for the police with evidence seals.",
        "CCTV control room, safe",
        "Mixed media",
        (2012, 2026),
    ),
    RegisterEntry(
        "Prevent referral forms (paper)",
        "prevent",
        "Paper Prevent referral forms before 2019.",
        "Community Safety, locked cabinet",
        "Paper",
        (2015, 2019),
    ),
    RegisterEntry(
        "Audit working papers (paper)",
        "internal_audit",
        "Internal audit files before the move to the audit management system.",
        "Offsite: Restore Records Management, boxes AUD-0001 to AUD-0120",
        "Paper",
        (2005, 2017),
    ),
    RegisterEntry(
        "Procurement tender returns (paper)",
        "tenders",
        "Sealed paper tender returns before e-tendering.",
        "Offsite: Restore Records Management, boxes PRC-0001 to PRC-0260",
        "Paper",
        (1995, 2012),
    ),
)

# --------------------------------------------------------------------------------------------------------
# Shared drives and SharePoint sites
#
# A file template is "Name {placeholder}.ext[*N][ | description]": *N makes N files of a series (months,
# years, dates); placeholders are {year} {fy} {month} {mon} {date} {dmy} {q} {n} {street} {site}. A folder
# path may end in "*N" too ("Budgets/Budget Setting {fy}*4"), and its files then fall in that year.
# --------------------------------------------------------------------------------------------------------

STREETS: tuple[str, ...] = (
    "Albert Road", "Station Road", "High Street", "Church Lane", "Victoria Street", "Park Avenue",
    "Queens Road", "Mill Lane", "North Street", "Grange Road", "Cromwell Road", "Beech Grove",
    "Canal Side", "Market Place", "Kingsway", "Elm Terrace", "Westgate", "Priory Road", "London Road",
    "Brook Street", "Chapel Street", "Hawthorn Close", "Windsor Crescent", "Old Mill Road",
)  # fmt: skip
SITES: tuple[str, ...] = (
    "Northfield", "Riverside", "Abbey", "Castle", "Brookside", "Hillcrest", "Moorside", "Old Town",
    "Parkside", "St Mary's", "Westfield", "Ashdown", "Greenbank", "Cedars", "Oakwood", "Fairfield",
)  # fmt: skip
WARDS: tuple[str, ...] = (*SITES, "Central", "Kingsway", "Victoria", "Eastgate", "Southmead")


@dataclass(frozen=True)
class FolderSpec:
    """A folder of a share (or a library of a site) and the file series in it."""

    path: str
    theme: str
    files: tuple[str, ...]
    description: str = ""


def F(path: str, theme: str, *files: str, description: str = "") -> FolderSpec:
    """Shorthand for a FolderSpec."""
    return FolderSpec(path, theme, files, description)


@dataclass(frozen=True)
class ShareSpec:
    """A Windows file share (a mapped drive letter to staff)."""

    source: str
    unc: str
    title: str
    description: str
    theme: str
    folders: tuple[FolderSpec, ...]


_TENDER_FILES = (
    "Invitation to Tender.docx | The invitation to tender issued through the e-tendering portal.",
    "Specification.docx",
    "Evaluation Scoring Matrix.xlsx | Quality and price scores for each bidder, with moderated totals.",
    "Clarification Questions Log.xlsx",
    "Moderation Meeting Notes.docx",
    "Contract Award Report.docx | Award recommendation approved under the contract procedure rules.",
)

FINANCE_SHARE = ShareSpec(
    "w-drive-finance",
    r"\\fs01\Finance",
    "Finance shared drive (W:)",
    "The Finance W: drive: budgets, closedown, accounts payable, treasury, insurance, audit and procurement.",
    "budgets",
    (
        F(
            "Budgets/Budget Setting {fy}*4",
            "budgets",
            "Budget Book {fy}.pdf | The budget book approved by Full Council in February for {fy}.",
            "MTFS Model {fy} v{n}.xlsx*3 | Medium term financial strategy model, version {n}, used for the "
            "{fy} budget round.",
            "Savings Proposals {fy} - Directorate Returns.xlsx | Savings proposals submitted by each "
            "directorate with delivery risk ratings.",
            "Fees and Charges {fy}.xlsx | Schedule of discretionary fees and charges for {fy}.",
            "Budget Consultation Results {fy}.docx",
            "Council Tax Setting Report {fy}.docx | Report setting the band D council tax and precepts.",
            description="Budget setting papers and models for the financial year.",
        ),
        F(
            "Budgets/Monitoring {fy}*4",
            "budgets",
            "Revenue Budget Monitoring P{n} {fy}.xlsx*10 | Period {n} revenue monitoring: forecast outturn "
            "against budget by directorate, with variance explanations.",
            "Capital Programme Monitoring Q{n} {fy}.xlsx*3 | Quarter {n} capital spend and slippage by "
            "scheme.",
        ),
        F(
            "Accounts/Statement of Accounts {fy}*3",
            "accounts",
            "Draft Statement of Accounts {fy}.docx",
            "Statement of Accounts {fy} (audited).pdf | The audited statement of accounts for {fy} as "
            "published.",
            "Audit Working Papers Index {fy}.xlsx | Index of closedown working papers provided to the "
            "external auditor.",
            "Fixed Asset Register {fy}.xlsx | Property, plant and equipment with valuations and "
            "depreciation.",
            "Group Accounts Consolidation {fy}.xlsx",
        ),
        F(
            "Accounts/Bank Reconciliations",
            "accounts",
            "Bank Reconciliation {mon} {year}.xlsx*12 | Monthly reconciliation of the main bank account to "
            "the general ledger for {month} {year}.",
        ),
        F(
            "Accounts Payable",
            "creditors",
            "Spend over 500 {mon} {year}.csv*12 | Payments over £500 for {month} {year}, published under the "
            "Local Government Transparency Code.",
            "Supplier Bank Detail Changes Log.xlsx | Every change of supplier bank details with the "
            "call-back check made, to stop mandate fraud.",
            "Duplicate Payments Report {mon} {year}.xlsx*3",
            "Creditors Aged Analysis {mon} {year}.xlsx*3 | Unpaid invoices by age for the prompt payment "
            "indicator.",
        ),
        F(
            "Income/Sundry Debtors",
            "debtors",
            "Aged Debt Report {mon} {year}.xlsx*4 | Sundry debts outstanding by service and age.",
            "Write Off Schedule {fy}.xlsx*2 | Debts written off under delegated powers.",
            "Debtors Recovery Procedure.docx",
        ),
        F(
            "Treasury",
            "treasury_insurance",
            "Treasury Management Strategy {fy}.docx*3 | Borrowing and investment strategy with prudential "
            "indicators.",
            "Investments and Borrowing Schedule {mon} {year}.xlsx*4",
            "Cashflow Forecast {fy}.xlsx*2",
        ),
        F(
            "Insurance/Claims",
            "treasury_insurance",
            "Public Liability Claims Log.xlsx | Public liability claims with reserve, status and insurer "
            "reference.",
            "Insurance Renewal {year} - Schedule of Cover.pdf*2",
            "PL Claim {year}-{n} {street}.pdf*5 | Claim file for a public liability claim at {street}.",
        ),
        F(
            "Grants/Covid Business Grants",
            "grants_paid",
            "Small Business Grant Fund Payments.xlsx | Payments made under the Small Business Grant Fund in "
            "2020, with account and rateable value.",
            "Additional Restrictions Grant Applications.xlsx",
            "Covid Grants Post Payment Assurance.xlsx | Post payment checks for fraud and error on Covid-19 "
            "business grants.",
            "Grant Payments Published Data.csv",
        ),
        F(
            "Internal Audit",
            "internal_audit",
            "Internal Audit Plan {fy}.docx*3 | The risk-based internal audit plan approved by the Audit "
            "Committee.",
            "Audit Report - Parking Income Controls.pdf | Audit of cash collection and reconciliation of pay "
            "and display and PCN income.",
            "Audit Report - Payroll {fy}.pdf*2",
            "Audit Report - Schools Financial Value Standard.pdf",
            "Head of Internal Audit Annual Opinion {fy}.docx*2",
            "Audit Actions Tracker.xlsx | Agreed management actions and their implementation status.",
        ),
        F(
            "Counter Fraud",
            "fraud_investigations",
            "Fraud Case Log.xlsx | Log of counter fraud referrals and investigations with outcome and "
            "sanction.",
            "Blue Badge Misuse Operation {year}.docx*2 | Plan and results of a joint operation with parking "
            "enforcement on misuse of blue badges.",
            "Tenancy Fraud Referrals {year}.xlsx*2",
        ),
        F(
            "Counter Fraud/NFI",
            "nfi",
            "NFI {year} Matches - Council Tax SPD.xlsx*2 | National Fraud Initiative matches between single "
            "person discounts and the electoral register.",
            "NFI Data Specification Checklist.docx",
        ),
        F(
            "Procurement/Contracts Register",
            "contracts_register",
            "Contracts Register {mon} {year}.xlsx*3 | The contracts register as published quarterly under "
            "the Transparency Code.",
            "Procurement Pipeline {fy}.xlsx | Planned procurements over £100,000 in the next 18 months.",
        ),
        F("Procurement/Tenders/Highways Term Maintenance Contract 2022", "tenders", *_TENDER_FILES),
        F("Procurement/Tenders/Homecare Framework 2024", "tenders", *_TENDER_FILES),
        F("Procurement/Tenders/Parking Enforcement Services 2023", "tenders", *_TENDER_FILES),
        F(
            "Team Meetings",
            "budgets",
            "Finance Team Meeting Minutes {date}.docx*10 | Minutes of the Finance management team meeting.",
        ),
    ),
)

HOUSING_SHARE = ShareSpec(
    "w-drive-housing",
    r"\\fs01\Housing",
    "Housing shared drive (W:)",
    "The Housing W: drive: repairs, compliance, allocations, rents, tenancy management and homelessness.",
    "tenancies",
    (
        F(
            "Repairs/Void Inspections",
            "housing_repairs",
            "Void Inspection {street} {n}.docx*8 | Pre-let inspection of an empty council home on {street}.",
            "Voids Tracker {year}.xlsx*3 | Empty homes with key dates, works and days void.",
            "Lettable Standard.pdf",
        ),
        F(
            "Repairs/Contractors",
            "housing_repairs",
            "Repairs Schedule of Rates {year}.xlsx*2",
            "Contractor Performance {mon} {year}.xlsx*10 | Repairs KPIs by contractor: right first time, "
            "appointments kept, emergencies within 24 hours.",
            "Repairs Satisfaction Survey {year}.xlsx*3",
        ),
        F(
            "Repairs/Damp and Mould",
            "housing_repairs",
            "Damp and Mould Cases Tracker.xlsx | Reports of damp and mould, inspection dates and works, "
            "reviewed weekly.",
            "Damp and Mould Policy 2024.docx",
            "Awaab's Law Readiness Plan.docx",
        ),
        F(
            "Compliance",
            "housing_stock",
            "Gas Safety Certificates Tracker {year}.xlsx*3 | Landlord gas safety records due and completed "
            "across the stock.",
            "Fire Risk Assessment - {site} House.pdf*8 | Fire risk assessment of the block at {site} House.",
            "Stock Condition Survey {year}.xlsx*2 | Stock condition data from the surveyors.",
            "Legionella Risk Assessments.xlsx",
            "EICR Programme {fy}.xlsx*2 | Electrical installation condition reports programme.",
        ),
        F(
            "Allocations",
            "housing_register",
            "Housing Register Review {year}.xlsx*2 | Annual review of housing register applications.",
            "Allocations Policy {year}.pdf*2 | The allocations scheme under Part 6 of the Housing Act 1996.",
            "Medical Priority Panel Minutes {date}.docx*6",
            "Direct Lets Approvals Log.xlsx",
        ),
        F(
            "Rents and Income",
            "rents",
            "Arrears Report Week {n} {year}.xlsx*12 | Current tenant arrears by patch and stage.",
            "Rent Setting {fy}.xlsx*3 | Rent and service charge setting model.",
            "NOSP Tracker.xlsx | Notices seeking possession served and their expiry.",
            "Universal Credit Alternative Payments.xlsx",
        ),
        F(
            "Tenancy Management",
            "tenancies",
            "Tenancy Audit Programme {year}.xlsx*2",
            "Succession Requests Log.xlsx",
            "Tenancy Agreement {year}.docx*2 | The secure tenancy agreement template.",
            "Estate Parking Permits.xlsx | Parking permits for bays and garages on housing estates, with "
            "tenant, vehicle and bay.",
            "Garage Waiting List.xlsx",
        ),
        F(
            "Homelessness/Housing Options",
            "homelessness_cases",
            "H-CLIC Return Q{n} {fy}.xlsx*4 | Quarterly case-level homelessness return to DLUHC.",
            "Homelessness Prevention Fund Spend {fy}.xlsx*2",
            "Personalised Housing Plan Template.docx",
            "Homelessness and Rough Sleeping Strategy 2024-2029.pdf",
            "Duty to Refer Log.xlsx | Referrals from public bodies under the duty to refer.",
        ),
        F(
            "Homelessness/Temporary Accommodation",
            "temporary_accommodation",
            "TA Placements Tracker.xlsx | Households in temporary accommodation with placement type, cost "
            "and "
            "children.",
            "B&B Placements over 6 weeks {year}.xlsx*2",
            "Nightly Paid Accommodation Rates {fy}.xlsx*2",
            "TA Property Inspection {site}.docx*5 | Inspection of temporary accommodation at {site}.",
        ),
        F(
            "Homelessness/Rough Sleeping",
            "rough_sleeping",
            "Rough Sleeper Count {mon} {year}.xlsx*4 | Street count and estimate of people sleeping rough.",
            "RSI Grant Return Q{n} {fy}.xlsx*3",
            "Severe Weather Emergency Protocol {year}.docx*2",
        ),
        F("Team Meetings", "tenancies", "Housing Management Team Meeting {date}.docx*12"),
        F(
            "Performance",
            "housing_repairs",
            "Housing KPIs {mon} {year}.xlsx*12 | Monthly housing performance: repairs, voids, arrears and "
            "complaints.",
            "Tenant Satisfaction Measures {year}.xlsx*3 | Tenant satisfaction measures reported to the "
            "Regulator of Social Housing.",
        ),
        F(
            "Repairs/Damp and Mould/Photos",
            "housing_repairs",
            "Damp Photos {street} {dmy}.jpg*8 | Photograph taken at a damp and mould inspection on {street}.",
        ),
        F(
            "Homelessness/Correspondence",
            "homelessness_cases",
            "RE Homeless application - {street}.msg*6 | Email about a homelessness application.",
            "Section 184 Decision Letter Template.docx",
            "Review Request {n}.pdf*4 | Request for a review of a homelessness decision.",
        ),
    ),
)

PLANNING_SHARE = ShareSpec(
    "w-drive-planning",
    r"\\fs02\Planning",
    "Planning and Regeneration shared drive (P:)",
    "The Planning P: drive: development management, policy, conservation, trees, enforcement, building "
    "control, regeneration and estates.",
    "planning_applications",
    (
        F(
            "Development Management/Committee Reports",
            "planning_applications",
            "Planning Committee Report {date}.docx*8 | Officer reports to the Planning Committee meeting.",
            "Committee Site Visits {date}.docx*3",
        ),
        F(
            "Development Management/Performance",
            "planning_applications",
            "PS1 PS2 Returns {fy}.xlsx*3 | Statutory planning statistics returns to DLUHC.",
            "Appeals Performance {fy}.xlsx*2",
            "Planning Fee Income {fy}.xlsx*2",
        ),
        F(
            "Planning Policy/Local Plan",
            "planning_policy",
            "Local Plan Regulation 19 Consultation Responses.xlsx | Representations on the pre-submission "
            "Local Plan, with respondent names.",
            "Local Plan Examination Library.xlsx",
            "Housing Land Supply Statement {year}.pdf*3 | Five year housing land supply position.",
            "SHLAA {year}.xlsx*2 | Strategic housing land availability assessment sites.",
            "Retail and Town Centres Study 2021.pdf",
            "Authority Monitoring Report {fy}.pdf*3",
        ),
        F(
            "Conservation",
            "conservation",
            "Conservation Area Appraisal - {site}.pdf*5 | Character appraisal and management plan for the "
            "{site} conservation area.",
            "Heritage at Risk Register {year}.xlsx*2",
            "Local Heritage List.xlsx",
        ),
        F(
            "Trees",
            "tpo",
            "Tree Preservation Orders.pdf | Schedule of all tree preservation orders made by the council, "
            "with dates and locations.",
            "TPO {year}-{n} {street}.pdf*6 | Tree preservation order for trees at {street}, with plan.",
            "TPO Register.xlsx | Working register of TPOs, confirmations and revocations.",
        ),
        F(
            "Enforcement",
            "planning_enforcement",
            "Enforcement Cases Log {year}.xlsx*3 | Planning enforcement complaints and their status.",
            "Enforcement Notice {street}.pdf*4",
            "Local Enforcement Plan.pdf",
        ),
        F(
            "S106 and CIL",
            "s106",
            "S106 Monitoring Schedule.xlsx | Section 106 obligations, triggers and payments due.",
            "Infrastructure Funding Statement {fy}.pdf*3",
            "CIL Receipts {fy}.xlsx*3",
        ),
        F(
            "Building Control/Inspections",
            "building_regulations",
            "Inspection Diary {mon} {year}.xlsx*8",
            "Completion Certificates Issued {year}.xlsx*3",
            "Building Safety Regulator Registration.docx",
        ),
        F(
            "Building Control/Dangerous Structures",
            "dangerous_structures",
            "Dangerous Structure Notice {street}.pdf*4",
            "Out of Hours Rota {year}.xlsx*2",
        ),
        F(
            "Regeneration/UKSPF",
            "regeneration_programmes",
            "UKSPF Investment Plan.docx | The UK Shared Prosperity Fund investment plan submitted to "
            "government.",
            "UKSPF Monitoring Return Q{n} {fy}.xlsx*4",
            "Town Centre Masterplan Consultation.pdf",
        ),
        F(
            "Regeneration/Levelling Up Fund",
            "regeneration_programmes",
            "LUF Round 2 Application.docx",
            "LUF Business Case.pdf",
            "LUF Programme Risk Register.xlsx",
        ),
        F(
            "Regeneration/Town Centre",
            "economic_data",
            "Footfall Counts {year}.xlsx*4 | Town centre footfall from the counting cameras.",
            "Vacant Shop Units Survey {year}.xlsx*3",
            "Business Survey 2023.xlsx",
        ),
        F(
            "Estates",
            "property_estates",
            "Asset Register {fy}.xlsx*3 | Corporate land and property assets with use and valuation.",
            "Rent Review Schedule {year}.xlsx*2",
            "Lease - {site} Community Centre.pdf*5 | Lease of the {site} community centre.",
            "Land and Building Assets {year}.csv*2 | Land and building assets as published under the "
            "Transparency Code.",
        ),
        F(
            "Development Management/Weekly Lists",
            "planning_applications",
            "Weekly List {date}.pdf*14 | Weekly list of planning applications validated, as published.",
        ),
        F(
            "Enforcement/Site Photos",
            "planning_enforcement",
            "Site Photo {street} {dmy}.jpg*8 | Enforcement site visit photograph at {street}.",
            "Complaint Email {street}.msg*5 | Complaint from a resident about development at {street}.",
        ),
    ),
)

TRANSPORT_SHARE = ShareSpec(
    "w-drive-transport",
    r"\\fs02\Transport",
    "Transport shared drive (T:)",
    "The Transport T: drive shared by Parking Services and Highways.",
    "pcn",
    (
        F(
            "Parking/Permits",
            "parking_permits",
            "Parking Permit Applications {year}.xlsx*4 | Parking permit applications received in {year} by "
            "zone and type, exported weekly from the permits system.",
            "Permit Prices {fy}.xlsx*3 | Resident and business permit prices by emission band.",
            "Visitor Voucher Stock.xlsx",
            "CPZ Review {site} Consultation Results.xlsx*3 | Residents' responses to the review of the "
            "{site} "
            "controlled parking zone.",
            "Parking Permits Policy {year}.pdf*2",
        ),
        F(
            "Parking/Enforcement",
            "pcn",
            "PCN Cancellations Log {year}.xlsx*3 | PCNs cancelled with reason and authorising officer.",
            "CEO Deployment Plan {year}.xlsx*2 | Beats and shift patterns for civil enforcement officers.",
            "Contravention Codes and Charges.pdf",
            "Persistent Evaders List.xlsx | Vehicles with three or more unpaid PCNs, for clamping and "
            "removal.",
            "Parking Enforcement Policy {year}.pdf*2",
        ),
        F(
            "Parking/CCTV",
            "parking_cctv",
            "CCTV Camera Certification {year}.pdf*2",
            "Bus Lane Enforcement Review.docx",
            "School Streets Camera Sites.xlsx",
            "CCTV Operator Review Guidance.docx",
        ),
        F(
            "Parking/Appeals",
            "parking_appeals",
            "TPT Appeals Tracker {year}.xlsx*3 | Appeals to the Traffic Penalty Tribunal and outcomes.",
            "Representations Template Letters.docx",
            "Adjudicator Decisions Summary {year}.docx*2",
        ),
        F(
            "Parking/Finance",
            "parking_income",
            "Parking Annual Report {fy}.pdf*3 | The annual parking report: PCNs, permits, income and how the "
            "surplus was spent.",
            "Parking Income {fy}.xlsx*3",
            "Section 55 Surplus Account {fy}.xlsx*2",
            "Car Park Tariffs {year}.xlsx*2",
        ),
        F(
            "Parking/Blue Badges",
            "blue_badges",
            "Blue Badge Applications Log {year}.xlsx*3 | Blue badge applications with eligibility route and "
            "decision.",
            "Blue Badge Misuse Referrals.xlsx",
            "Blue Badge Eligibility Guidance.pdf",
        ),
        F(
            "Highways/Inspections",
            "highways_defects",
            "Highway Inspection Manual.pdf | Inspection frequencies, defect categories and response times.",
            "Pothole Repairs {mon} {year}.xlsx*8 | Potholes repaired in {month} {year} by ward.",
            "Section 58 Defence Evidence Pack.docx",
            "Safety Inspection Routes {year}.xlsx*2",
        ),
        F(
            "Highways/Claims",
            "highways_claims",
            "Highway Claims Register {year}.xlsx*3",
            "Claim {year}-{n} {street}.pdf*5 | Third party claim for an incident on {street}.",
        ),
        F(
            "Highways/Streetworks",
            "streetworks",
            "Permit Scheme Evaluation {year}.pdf*2",
            "Streetworks Inspections {mon} {year}.xlsx*3",
            "Section 74 Invoices {fy}.xlsx*2",
        ),
        F(
            "Highways/Traffic Orders",
            "traffic_orders",
            "TRO {year}-{n} {street} Waiting Restrictions.pdf*6 | Traffic regulation order for waiting and "
            "loading restrictions on {street}.",
            "TRO Consultation Responses {street}.xlsx*3",
            "Controlled Parking Zone {site} Order.pdf*2 | The order designating the {site} controlled "
            "parking "
            "zone.",
        ),
        F(
            "Highways/Winter Maintenance",
            "winter_maintenance",
            "Winter Service Plan {year}.pdf*3",
            "Gritting Decisions Log {year}.xlsx*3",
            "Salt Bin Locations.xlsx",
        ),
        F(
            "Highways/Street Lighting",
            "highways_assets",
            "Street Lighting LED Programme.xlsx",
            "Street Lighting Inventory {year}.csv*2",
            "Bridge Inspection {site}.pdf*3",
        ),
        F(
            "Parking/Performance",
            "parking_income",
            "Parking KPIs {mon} {year}.xlsx*12 | Monthly parking KPIs: PCNs issued, cancellation rate, "
            "permit "
            "turnaround and appeals won.",
        ),
        F(
            "Highways/Inspections/Photos",
            "highways_defects",
            "Defect Photo {street} {dmy}.jpg*10 | Photograph of a highway defect on {street} taken by the "
            "inspector.",
        ),
        F(
            "Parking/Enforcement/CEO Evidence",
            "pcn",
            "CEO Photos {date}.zip*4 | Handheld photographs for PCNs issued on {date}.",
        ),
    ),
)

NEIGHBOURHOODS_SHARE = ShareSpec(
    "w-drive-neighbourhoods",
    r"\\fs02\Neighbourhoods",
    "Neighbourhoods shared drive (N:)",
    "The Neighbourhoods N: drive: waste and recycling, parks, allotments, bereavement services, markets and "
    "community safety.",
    "bin_collections",
    (
        F(
            "Waste/Rounds",
            "bin_collections",
            "Round Schedules {year}.xlsx*3 | Collection rounds with streets, days and vehicles.",
            "Christmas Collection Changes {year}.docx*3",
            "Bin Day Changes Letter {year}.docx*2",
        ),
        F(
            "Waste/Service Requests",
            "missed_bins",
            "Missed Bins Report {mon} {year}.xlsx*8 | Missed collections by round and reason.",
            "Assisted Collections List.xlsx | Households whose bins are collected from the property because "
            "no one can put them out.",
            "Bulky Waste Bookings {year}.xlsx*2",
        ),
        F(
            "Waste/Enforcement",
            "fly_tipping",
            "Fly-tipping Hotspots {year}.xlsx*3 | Fly-tipping incidents by location for targeting CCTV and "
            "patrols.",
            "Fly-tipping FPNs Issued {year}.xlsx*3",
            "Duty of Care Visits.xlsx",
            "Fly-tipping Enforcement Policy.pdf",
        ),
        F(
            "Waste/Commercial Waste",
            "commercial_waste",
            "Commercial Waste Customers.xlsx",
            "Trade Waste Price List {fy}.pdf*2",
            "Duty of Care Transfer Notes {year}.pdf*2",
        ),
        F(
            "Waste/Data",
            "waste_data",
            "WasteDataFlow Q{n} {fy}.xlsx*4 | Quarterly WasteDataFlow return of tonnages to Defra.",
            "Recycling Rate {fy}.xlsx*3",
            "Waste Composition Analysis 2022.pdf",
        ),
        F(
            "Parks/Allotments",
            "allotments",
            "Allotment Waiting List.xlsx | People waiting for an allotment plot, by site, with contact "
            "details.",
            "Allotment Plot Holders {year}.xlsx*2",
            "Allotment Rents {fy}.xlsx*2",
            "Allotment Site Inspection {site}.docx*4",
            "Allotment Rules.pdf",
        ),
        F(
            "Parks/Trees",
            "trees",
            "Tree Survey {site} Park.xlsx*4 | Tree survey of {site} Park with species, condition and works.",
            "Tree Works Programme {year}.xlsx*2",
            "Ash Dieback Action Plan.docx",
        ),
        F(
            "Parks/Playgrounds and Pitches",
            "parks",
            "Playground Inspection {site} {mon} {year}.pdf*6 | Weekly playground inspection at {site}.",
            "Sports Pitch Bookings {year}.xlsx*2",
            "Events in Parks Applications {year}.xlsx*2",
            "Green Flag Award Application {site} Park.docx*2",
        ),
        F(
            "Bereavement/Cemeteries",
            "burials",
            "Burial Register Index.xlsx | Index to the burial registers by surname, grave and date.",
            "Grave Ownership Transfers {year}.xlsx*2",
            "Cemetery Capacity Study.pdf",
            "Exclusive Rights of Burial Renewals.xlsx",
        ),
        F(
            "Bereavement/Crematorium",
            "cremations",
            "Cremations {year}.xlsx*3",
            "Mercury Abatement Returns {year}.xlsx*2",
        ),
        F(
            "Bereavement/Memorials",
            "memorials",
            "Memorial Safety Inspections {site} Cemetery.xlsx*3",
            "Public Health Funerals {fy}.xlsx*2",
        ),
        F(
            "Markets",
            "market_traders",
            "Markets Traders List MASTER v3 FINAL.xlsx | The list of market traders, stalls, commodities and "
            "contact numbers everyone in the team works from.",
            "Market Stall Rents {fy}.xlsx*3",
            "Street Market Pitch Plan.pdf",
            "Traders Waiting List.xlsx",
            "Market Regulations 2019.pdf",
            "Markets.accdb | Access database of traders, stalls and weekly rents.",
        ),
        F(
            "Markets/Operations",
            "market_operations",
            "Market Footfall {year}.xlsx*3",
            "Market Inspection Checklist {date}.docx*8",
            "Christmas Market {year} Plan.docx*2",
        ),
        F(
            "Community Safety/CCTV",
            "cctv_control_room",
            "CCTV Camera Locations.xlsx | Public space CCTV cameras with location and view.",
            "CCTV Incident Log {mon} {year}.xlsx*8",
            "CCTV Footage Release Requests {year}.xlsx*2",
            "CCTV Code of Practice.pdf",
        ),
        F(
            "Community Safety/ASB",
            "asb",
            "ASB Case Tracker.xlsx | Anti-social behaviour cases with risk, actions and partner agencies.",
            "Community Trigger Reviews {year}.docx*2",
            "Public Spaces Protection Order Consultation.pdf",
        ),
        F(
            "Community Safety/Prevent",
            "prevent",
            "Channel Panel Minutes {date}.docx*4",
            "Prevent Referrals {year}.xlsx*2",
        ),
        F(
            "Community Safety/MARAC",
            "domestic_abuse",
            "MARAC Minutes {date}.docx*4 | Multi-agency risk assessment conference minutes.",
            "Domestic Homicide Review - Adult A.pdf",
        ),
        F(
            "Waste/Performance",
            "waste_data",
            "Waste KPIs {mon} {year}.xlsx*12 | Monthly waste KPIs: missed bins per 100,000 collections, "
            "recycling rate and fly-tips cleared.",
        ),
        F(
            "Waste/Enforcement/Evidence",
            "fly_tipping",
            "Fly-tip {street} {dmy}.jpg*10 | Photograph of fly-tipped waste at {street}.",
            "Evidence Bag Log {year}.xlsx*2",
        ),
    ),
)

REGULATORY_SHARE = ShareSpec(
    "w-drive-regulatory",
    r"\\fs02\Regulatory",
    "Regulatory Services shared drive (R:)",
    "The Regulatory Services R: drive: food safety, environmental protection, private sector housing, "
    "trading standards and licensing.",
    "food_hygiene",
    (
        F(
            "Food Safety",
            "food_hygiene",
            "Food Hygiene Inspection Schedule.docx | The schedule of food hygiene inspections due this year "
            "by "
            "risk category, shared with the inspecting officers.",
            "Food Hygiene Inspection Programme {fy}.xlsx*3",
            "FHRS Appeals {year}.xlsx*2",
            "Food Sampling Results {year}.xlsx*2",
            "Food Law Enforcement Plan {fy}.pdf*2",
        ),
        F(
            "Environmental Protection/Noise",
            "noise_complaints",
            "Noise Complaints {year}.xlsx*3 | Noise complaints with source type and outcome.",
            "Noise Diary Sheet.docx",
            "Abatement Notice {street}.pdf*4",
            "Out of Hours Noise Service Rota {year}.xlsx*2",
        ),
        F(
            "Environmental Protection/Air Quality",
            "air_quality",
            "Diffusion Tube Results {year}.xlsx*4 | Nitrogen dioxide diffusion tube results by site.",
            "Air Quality Annual Status Report {year}.pdf*3",
            "Air Quality Action Plan.pdf",
        ),
        F(
            "Private Sector Housing/HMO",
            "hmo_licensing",
            "HMO Licence Register.xlsx | Public register of licensed houses in multiple occupation (HMOs) "
            "with licence holder, address and permitted occupants.",
            "HMO Licence Applications {year}.xlsx*3",
            "HMO Inspection {street}.docx*5 | Inspection report for a house in multiple occupation on "
            "{street}.",
            "Additional Licensing Scheme Consultation.pdf",
            "HMO Amenity Standards.pdf",
        ),
        F(
            "Pest Control",
            "pest_control",
            "Pest Control Jobs {year}.xlsx*3",
            "Sewer Baiting Programme {year}.xlsx*2",
        ),
        F("Dog Warden", "stray_dogs", "Stray Dogs Log {year}.xlsx*3", "Kennelling Contract.pdf"),
        F(
            "Health and Safety",
            "health_safety_enforcement",
            "RIDDOR Investigations {year}.xlsx*3",
            "Health and Safety Service Plan {fy}.pdf*2",
        ),
        F(
            "Trading Standards/Investigations",
            "ts_investigations",
            "Operation Kestrel Case Summary.docx | Summary of an investigation into rogue roofing traders.",
            "Operation Larch Evidence Schedule.xlsx",
            "Illicit Tobacco Seizures {year}.xlsx*2",
            "Doorstep Crime Victims Referrals.xlsx",
            "Proceeds of Crime Confiscation Orders.xlsx",
        ),
        F(
            "Trading Standards/Complaints",
            "ts_complaints",
            "Consumer Complaints {mon} {year}.xlsx*6",
            "Business Advice Requests {year}.xlsx*2",
            "Primary Authority Partnerships.xlsx",
        ),
        F(
            "Trading Standards/Test Purchasing",
            "underage_sales",
            "Underage Sales Test Purchase Results {year}.xlsx*3",
            "Vape Sampling Results {year}.xlsx*2",
            "Young Volunteer Consent Forms {year}.pdf*2",
        ),
        F(
            "Licensing/Taxis",
            "taxi_licensing",
            "Taxi Driver Licence Renewals {mon} {year}.xlsx*3",
            "Hackney Carriage Fares Table {year}.pdf*2",
            "Taxi and Private Hire Licensing Policy {year}.pdf*2",
            "Driver Convictions Panel Minutes {date}.docx*3",
            "Licensed Vehicles List.xlsx",
        ),
        F(
            "Licensing/Premises",
            "premises_licences",
            "Premises Licence Register.xlsx | Register of premises licences and club premises certificates "
            "under the Licensing Act 2003.",
            "Statement of Licensing Policy {year}.pdf*2",
            "Licensing Sub-Committee Hearing {date}.docx*4",
            "Temporary Event Notices {year}.xlsx*3",
            "Cumulative Impact Assessment 2023.pdf",
        ),
        F(
            "Licensing/Street Trading",
            "street_trading",
            "Street Trading Consents {year}.xlsx*3",
            "Pavement Licences Register.xlsx",
            "Street Trading Pitches Map.pdf",
        ),
        F(
            "Licensing/Animals and Gambling",
            "gambling_animal_licences",
            "Animal Activity Licences.xlsx",
            "Gambling Statement of Principles {year}.pdf*2",
            "Dog Breeding Licence Inspections {year}.xlsx*2",
        ),
        F(
            "Management Team",
            "food_hygiene",
            "Regulatory Services DMT Minutes {date}.docx*10 | Minutes of the Regulatory Services management "
            "team.",
        ),
        F("Private Sector Housing/HMO/Photos", "hmo_licensing", "HMO Inspection Photos {street}.zip*4"),
        F(
            "Licensing/Premises/Representations",
            "premises_licences",
            "Police Representation {date}.msg*4 | Representation from the police on a premises licence "
            "application.",
            "Resident Objection {street}.msg*5",
        ),
    ),
)

PEOPLE_SHARE = ShareSpec(
    "w-drive-people",
    r"\\fs03\People",
    "People Directorate shared drive (S:)",
    "The People S: drive for adult social care, children's services, education and public health; access "
    "is restricted by team.",
    "asc_assessments",
    (
        F(
            "Adult Social Care/Safeguarding",
            "adult_safeguarding",
            "Safeguarding Adults Board Minutes {date}.docx*3",
            "S42 Enquiry Tracker {year}.xlsx*2",
            "Safeguarding Adults Review - Mr B.pdf",
            "Large Scale Enquiry - {site} Care Home.docx*2 | Large scale safeguarding enquiry into the "
            "{site} "
            "care home.",
        ),
        F(
            "Adult Social Care/Assessments",
            "asc_assessments",
            "Care Act Assessment Backlog {mon} {year}.xlsx*8 | People waiting for a Care Act assessment.",
            "Reviews Overdue Report {mon} {year}.xlsx*3",
            "Carers Assessment Form.docx",
            "Hospital Discharge Tracker {year}.xlsx*2",
        ),
        F(
            "Adult Social Care/Finance",
            "asc_finance",
            "Direct Payments Audit {year}.xlsx*2",
            "Charging Policy {year}.pdf*2",
            "Deferred Payment Agreements.xlsx",
            "Financial Assessments Backlog {mon} {year}.xlsx*3",
        ),
        F(
            "Adult Social Care/Commissioning",
            "asc_providers",
            "Homecare Framework Providers.xlsx",
            "Care Home Fee Rates {fy}.xlsx*3",
            "Market Position Statement {year}.pdf*2",
            "Provider Quality Dashboard {mon} {year}.xlsx*3",
        ),
        F(
            "Adult Social Care/DoLS",
            "dols",
            "DoLS Waiting List {mon} {year}.xlsx*3",
            "BIA Rota {year}.xlsx*2",
        ),
        F(
            "Childrens Services/MASH",
            "child_protection",
            "MASH Contacts {mon} {year}.xlsx*6 | Contacts received by the MASH and the decisions made.",
            "Strategy Discussion Record Template.docx",
            "Child Protection Conference Minutes {date}.docx*4",
            "Child Safeguarding Practice Review - Child C.pdf",
        ),
        F(
            "Childrens Services/Looked After Children",
            "looked_after_children",
            "CLA Placements Tracker.xlsx | Looked after children with placement, cost and review dates.",
            "SSDA903 Return {fy}.xlsx*3",
            "Care Leavers Pathway Plans Audit {year}.xlsx*2",
            "Sufficiency Strategy {year}.pdf*2",
        ),
        F(
            "Childrens Services/Fostering and Adoption",
            "fostering_adoption",
            "Fostering Panel Minutes {date}.docx*4",
            "Foster Carer Annual Reviews {year}.xlsx*2",
            "Adoption Panel Minutes {date}.docx*3",
        ),
        F(
            "Childrens Services/Early Help",
            "early_help",
            "Early Help Assessments {mon} {year}.xlsx*6",
            "Supporting Families Claims {fy}.xlsx*2",
            "Family Hub Timetable {year}.pdf*2",
        ),
        F(
            "Education/Admissions",
            "school_admissions",
            "Secondary Transfer Allocation {year}.xlsx*3 | Allocation of secondary school places on national "
            "offer day.",
            "Reception Offers {year}.xlsx*3",
            "Admission Appeals Timetable {year}.docx*2",
            "Composite Prospectus {year}.pdf*2",
            "In-Year Admissions Log {year}.xlsx*2",
        ),
        F(
            "Education/SEND",
            "send",
            "EHCP 20 Week Timeliness {mon} {year}.xlsx*4 | EHC needs assessments completed within 20 weeks.",
            "SEND Tribunal Cases {year}.xlsx*2",
            "SEND Local Offer.docx",
            "High Needs Block Funding {fy}.xlsx*2",
            "Annual Review Tracker.xlsx",
        ),
        F(
            "Education/Attendance",
            "school_attendance",
            "Children Missing Education Log.xlsx",
            "Elective Home Education Register.xlsx",
            "Penalty Notices Issued {year}.xlsx*2",
            "Attendance Strategy 2024.pdf",
        ),
        F(
            "Education/School Place Planning",
            "school_places",
            "Pupil Projections {year}.xlsx*3 | Forecast pupil numbers by planning area.",
            "SCAP Return {year}.xlsx*3",
            "School Organisation Plan {year}.pdf*2",
        ),
        F(
            "Education/Free School Meals",
            "free_school_meals",
            "FSM Eligibility Checks {mon} {year}.xlsx*3",
            "HAF Programme Registrations {year}.xlsx*2",
        ),
        F(
            "Public Health/JSNA",
            "jsna",
            "JSNA {year} - Population Profile.pdf*3 | Population, deprivation and health profile of the "
            "borough.",
            "JSNA Chapter - Childhood Obesity.docx",
            "JSNA Chapter - Mental Health.docx",
            "Ward Health Profiles {year}.xlsx*2",
            "Director of Public Health Annual Report {year}.pdf*3",
        ),
        F(
            "Public Health/Commissioning",
            "ph_services",
            "Sexual Health Activity {fy}.xlsx*2",
            "Drug and Alcohol Treatment Outcomes {fy}.xlsx*2",
            "NHS Health Checks Uptake {fy}.xlsx*2",
        ),
        F(
            "Public Health/Intelligence",
            "health_intelligence",
            "PCMD Deaths Extract {year}.csv*3 | Primary care mortality data extract under the NHS Digital "
            "data sharing agreement.",
            "Hospital Admissions Alcohol {fy}.xlsx*2",
            "Births Extract {year}.csv*2",
        ),
        F(
            "Public Health/Covid-19",
            "covid",
            "Local Contact Tracing Cases {mon} {year}.xlsx*4",
            "Outbreak Control Plan.docx",
            "Care Home Outbreaks Log.xlsx",
            "Test Site Rota.xlsx",
        ),
        F(
            "Adult Social Care/Performance",
            "asc_assessments",
            "ASC Performance Scorecard {mon} {year}.xlsx*10 | Monthly adult social care scorecard for the "
            "directorate management team.",
        ),
        F(
            "Childrens Services/Performance",
            "early_help",
            "Childrens Services Scorecard {mon} {year}.xlsx*10 | Monthly children's social care scorecard.",
        ),
    ),
)

CORPORATE_SHARE = ShareSpec(
    "w-drive-corporate",
    r"\\fs01\Corporate",
    "Corporate shared drive (W:)",
    "The Corporate W: drive: HR, legal, democratic and electoral services, ICT, customer services, "
    "information governance, registrars and libraries.",
    "information_management",
    (
        F(
            "HR/Recruitment",
            "recruitment",
            "Recruitment Tracker {year}.xlsx*3 | Vacancies, adverts, shortlisting and start dates.",
            "Interview Questions - Social Worker.docx",
            "Interview Questions - Civil Enforcement Officer.docx",
            "Shortlisting Matrix {n}.xlsx*4",
            "Agency Workers {mon} {year}.xlsx*3",
        ),
        F(
            "HR/Absence",
            "absence",
            "Sickness Absence Report {mon} {year}.xlsx*8 | Days lost per FTE by directorate and reason.",
            "Long Term Sickness Cases.xlsx",
            "Occupational Health Referral Form.docx",
            "Stress Risk Assessments {year}.xlsx*2",
        ),
        F(
            "HR/Employee Relations",
            "hr_casework",
            "ER Case Tracker {year}.xlsx*2",
            "Disciplinary Investigation Report - Case {n}.docx*4",
            "Whistleblowing Register.xlsx | Disclosures made under the whistleblowing policy and their "
            "investigation.",
            "Grievance Outcome Letter - Case {n}.docx*3",
        ),
        F(
            "HR/Payroll",
            "payroll",
            "Payroll Variations {mon} {year}.xlsx*10 | Starters, leavers and changes for the monthly "
            "payroll.",
            "Payroll Reconciliation {mon} {year}.xlsx*4",
            "P11D Returns {fy}.xlsx*2",
            "Pensions Monthly Return {mon} {year}.csv*4",
            "Pay Award {year} Implementation.xlsx*2",
        ),
        F(
            "HR/Workforce",
            "workforce_data",
            "Gender Pay Gap {year}.xlsx*3 | Gender pay gap calculations as published.",
            "Pay Policy Statement {fy}.pdf*3",
            "Workforce Profile {year}.xlsx*3",
            "Establishment Report {mon} {year}.xlsx*3",
        ),
        F(
            "HR/Training",
            "training",
            "Mandatory Training Compliance {mon} {year}.xlsx*3",
            "Apprenticeship Levy Spend {fy}.xlsx*2",
            "Induction Checklist.docx",
        ),
        F(
            "Legal/Litigation",
            "legal_cases",
            "Litigation Case List {year}.xlsx*2",
            "Counsel's Opinion - {street} Judicial Review.pdf*2",
            "Prosecutions Register {year}.xlsx*2",
        ),
        F(
            "Legal/Childcare",
            "childcare_legal",
            "Care Proceedings Tracker {year}.xlsx*2",
            "PLO Meetings Log.xlsx",
            "Court Bundle Index - Case {n}.docx*3",
        ),
        F(
            "Legal/Property",
            "property_deeds",
            "Deeds Register.xlsx | Where each deed is held, by property and title number.",
            "Lease Renewals Due {year}.xlsx*2",
            "Land Registry Applications Log.xlsx",
        ),
        F(
            "Democratic Services/Committees",
            "committees",
            "Cabinet Minutes {date}.docx*10 | Minutes of the Cabinet meeting.",
            "Full Council Agenda {date}.docx*4",
            "Scrutiny Work Programme {fy}.docx*2",
            "Committee Calendar {fy}.xlsx*3",
            "Constitution {year}.pdf*2",
        ),
        F(
            "Democratic Services/Members",
            "declarations_of_interest",
            "Register of Members' Interests {year}.xlsx*3 | Councillors' disclosable pecuniary interests.",
            "Gifts and Hospitality Register {year}.xlsx*2",
            "Members' Allowances {fy}.xlsx*3",
        ),
        F(
            "Democratic Services/Members Enquiries",
            "members_casework",
            "Members Enquiries Log {year}.xlsx*2",
            "Councillor Contact Details.xlsx",
        ),
        F(
            "Electoral Services/Elections {year}*3",
            "elections",
            "Polling Stations List {year}.xlsx | Polling stations and presiding officers for the {year} "
            "elections.",
            "Nominations Received {year}.xlsx",
            "Election Results {year}.xlsx",
            "Postal Vote Opening Rota {year}.xlsx",
            "Count Plan {year}.docx",
        ),
        F(
            "Electoral Services/Canvass",
            "canvass",
            "Canvass Plan {year}.docx*3",
            "Canvass Return Rates {year}.xlsx*3",
            "Household Enquiry Forms Scanned {year}.pdf*2",
        ),
        F(
            "ICT/Security",
            "ict_security",
            "Penetration Test Report {year}.pdf*3 | External and internal penetration test findings.",
            "PSN Compliance Submission {year}.docx*2",
            "Cyber Incident Log.xlsx",
            "Vulnerability Scan {mon} {year}.csv*3",
        ),
        F(
            "ICT/Assets",
            "ict_assets",
            "Laptop Inventory {year}.xlsx*2",
            "Software Licences Register.xlsx",
            "Mobile Phones Allocation.xlsx",
            "Application Catalogue.xlsx",
        ),
        F(
            "ICT/GIS",
            "llpg",
            "LLPG Extract {mon} {year}.csv*3 | Extract of the gazetteer with UPRNs and coordinates.",
            "Street Naming and Numbering Log {year}.xlsx*2",
            "AddressBase Premium COU.zip",
        ),
        F(
            "ICT/Data Warehouse",
            "data_warehouse",
            "Data Warehouse Load Schedule.xlsx",
            "Power BI Workspace Access Review {year}.xlsx*2",
            "ETL Error Log {mon} {year}.txt*3",
        ),
        F(
            "Customer Services/Complaints",
            "complaints",
            "Complaints Annual Report {fy}.pdf*3",
            "Ombudsman Decisions {year}.xlsx*2",
            "Complaints Policy.pdf",
            "Unreasonable Behaviour Register.xlsx",
        ),
        F(
            "Customer Services/Contact Centre",
            "customer_contacts",
            "Call Volumes {mon} {year}.xlsx*8",
            "Contact Centre Scripts - Parking.docx",
            "Contact Centre Scripts - Council Tax.docx",
            "Customer Satisfaction Survey {year}.xlsx*2",
        ),
        F(
            "Information Governance/FOI",
            "foi",
            "FOI Log {year}.xlsx*4 | Freedom of Information requests received, service and response date.",
            "FOI Disclosure Log {year}.xlsx*2",
            "FOI Template Letters.docx",
            "Internal Reviews {year}.xlsx*2",
        ),
        F(
            "Information Governance/Data Protection",
            "data_breaches",
            "Data Breach Log {year}.xlsx*3",
            "ICO Report - Misdirected Email {year}.docx*2",
        ),
        F(
            "Information Governance/Records Management",
            "information_management",
            "Retention Schedule v{n}.xlsx*3 | The corporate retention schedule, version {n}.",
            "Information Asset Register {year}.xlsx*3",
            "ROPA.xlsx",
            "DPIA - Parking Permits Online.docx",
            "DPIA - CCTV Bus Lane Enforcement.docx",
            "DPIA - Liquidlogic Migration.docx",
            "Data Sharing Agreement - Police.pdf",
            "Data Sharing Agreement - NHS ICB.pdf",
        ),
        F(
            "Information Governance/Subject Access",
            "sars",
            "SAR Tracker {year}.xlsx*3",
            "SAR Redaction Guidance.docx",
        ),
        F(
            "Information Governance/Offsite Storage",
            "records_store",
            "Offsite Box List {year}.xlsx*3 | Boxes held at the offsite store with contents and review "
            "dates.",
            "Destruction Certificates {year}.pdf*2",
        ),
        F(
            "Registrars",
            "ceremonies",
            "Ceremony Bookings {year}.xlsx*3",
            "Citizenship Ceremonies {year}.xlsx*2",
            "Approved Premises List.xlsx",
        ),
        F(
            "Registrars/Registration",
            "births_deaths",
            "Death Registrations Weekly {year}.xlsx*2",
            "Certificate Orders {mon} {year}.xlsx*6",
            "Stillbirth Registrations.xlsx",
        ),
        F(
            "Libraries",
            "library_members",
            "Library Membership Statistics {year}.xlsx*3",
            "Home Library Service Customers.xlsx",
            "Library Events Bookings {year}.xlsx*2",
        ),
        F(
            "Libraries/Stock",
            "library_stock",
            "Stock Rotation {year}.xlsx*2",
            "Book Fund Allocation {fy}.xlsx*2",
            "CIPFA Library Return {fy}.xlsx*3",
        ),
        F(
            "Libraries/Local Studies",
            "local_studies",
            "Local Studies Photograph Catalogue.xlsx",
            "Oral History Transcripts Index.xlsx",
            "Digitisation Project 2022.docx",
        ),
        F("HR/Performance", "workforce_data", "HR Dashboard {mon} {year}.xlsx*8"),
        F(
            "Customer Services/Complaints/Emails",
            "complaints",
            "RE Complaint - {street}.msg*8 | Email correspondence about a complaint from a resident of "
            "{street}.",
        ),
    ),
)

REVENUES_SHARE = ShareSpec(
    "w-drive-revenues",
    r"\\fs01\Revenues",
    "Revenues and Benefits shared drive (V:)",
    "The Revenues and Benefits V: drive: council tax, business rates, benefits and recovery.",
    "council_tax_accounts",
    (
        F(
            "Council Tax/Billing",
            "council_tax_accounts",
            "Annual Billing {year} Print File Checks.xlsx*3 | Checks on the annual council tax bill print "
            "run "
            "before it goes to the printers.",
            "Council Tax Base {fy}.xlsx*3 | The council tax base calculation (CTB return) by band.",
            "Band D Calculation {fy}.xlsx*2",
            "New Properties Reported to VOA {mon} {year}.xlsx*6 | Completed new builds reported to the "
            "Valuation Office Agency for banding.",
        ),
        F(
            "Council Tax/Discounts and Exemptions",
            "council_tax_discounts",
            "Single Person Discount Review {year}.xlsx*3 | Accounts selected for the single person discount "
            "review, matched against the electoral register.",
            "Empty Homes Premium Accounts {year}.xlsx*2",
            "Student Exemption Certificates {year}.pdf*2",
        ),
        F(
            "Council Tax/Recovery",
            "council_tax_recovery",
            "Liability Order Hearing {date}.xlsx*8 | Accounts listed for the liability order hearing at the "
            "magistrates' court.",
            "Enforcement Agent Returns {mon} {year}.xlsx*4",
            "Vulnerable Customers Recovery Hold List.xlsx | Accounts where recovery is paused because the "
            "customer is vulnerable.",
            "Council Tax Recovery Policy.pdf",
        ),
        F(
            "Business Rates",
            "business_rates",
            "NNDR1 Return {fy}.xlsx*3 | Forecast of business rates income returned to government.",
            "NNDR3 Return {fy}.xlsx*2",
            "Retail Hospitality and Leisure Relief {fy}.xlsx*2",
            "Business Rates Accounts List {mon} {year}.csv*4 | Business rates accounts held by companies, "
            "published as open data.",
            "Discretionary Rate Relief Policy.pdf",
        ),
        F(
            "Benefits/Processing",
            "benefits_claims",
            "New Claims Processing Times {mon} {year}.xlsx*6 | Days to process new Housing Benefit and "
            "Council "
            "Tax Reduction claims.",
            "Overpayments Recovery {fy}.xlsx*2",
            "Subsidy Claim {fy}.xlsx*3 | The Housing Benefit subsidy claim (MPF720A) and audit workbook.",
            "Council Tax Reduction Scheme {year}.pdf*2",
        ),
        F(
            "Benefits/Discretionary Housing Payments",
            "dhp",
            "DHP Awards {fy}.xlsx*3 | Discretionary housing payments awarded and spend against the grant.",
            "DHP Policy.pdf",
        ),
        F(
            "Team Meetings",
            "council_tax_accounts",
            "Revenues and Benefits Management Team {date}.docx*8",
        ),
    ),
)

SHARES: tuple[ShareSpec, ...] = (
    FINANCE_SHARE, HOUSING_SHARE, PLANNING_SHARE, TRANSPORT_SHARE, NEIGHBOURHOODS_SHARE, REGULATORY_SHARE,
    PEOPLE_SHARE, CORPORATE_SHARE, REVENUES_SHARE,
)  # fmt: skip


@dataclass(frozen=True)
class ListSpec:
    """A SharePoint list; columns use internal names and SharePoint field types."""

    title: str
    theme: str
    description: str
    columns: str
    rows: int


@dataclass(frozen=True)
class SiteSpec:
    """A SharePoint Online team site; folder paths start with the library's name."""

    source: str
    site: str
    title: str
    description: str
    theme: str
    libraries: tuple[tuple[str, str], ...]
    folders: tuple[FolderSpec, ...]
    lists: tuple[ListSpec, ...]


L = ListSpec

HOUSING_SITE = SiteSpec(
    "sharepoint-housing",
    "Housing",
    "Housing Services",
    "Team site for Housing Management and Housing Options.",
    "tenancies",
    (
        ("Documents", "Working documents of the housing teams."),
        ("Policies and Procedures", "Approved housing policies and procedures."),
        ("Team Meetings", ""),
    ),
    (
        F(
            "Documents/Repairs",
            "housing_repairs",
            "Repairs Handbook for Tenants {year}.pdf*2 | The repairs handbook sent to tenants.",
            "Out of Hours Repairs Contacts.docx",
            "Recharges Procedure.docx",
        ),
        F(
            "Documents/Estate Services",
            "housing_stock",
            "Estate Inspection {site} {mon} {year}.docx*6 | Estate inspection walkabout at {site} with "
            "residents.",
            "Estate Parking Review {year}.docx*2 | Review of estate parking bays, permits and enforcement on "
            "council estates.",
        ),
        F("Documents/Migrated from W drive", "tenancies"),
        F(
            "Policies and Procedures",
            "tenancies",
            "Tenancy Policy {year}.pdf*2",
            "Domestic Abuse Housing Policy.pdf",
            "Rent Arrears Procedure.docx",
            "Anti-Social Behaviour Policy (Housing).pdf",
            "Mutual Exchange Procedure.docx",
            "Temporary Accommodation Placement Policy.pdf",
        ),
        F("Team Meetings", "tenancies", "Housing Options Team Meeting {date}.docx*10"),
    ),
    (
        L(
            "Repairs Escalations",
            "housing_repairs",
            "Repairs complaints and escalations from councillors, with target dates and owner.",
            "Title Text | Property address; RepairOrder Text; Tenant Text; Priority Choice; Escalated "
            "DateTime; "
            "Owner User; Resolved Boolean",
            1_420,
        ),
        L(
            "Void Properties",
            "housing_repairs",
            "Current voids tracked by the lettings team.",
            "Title Text | Property reference; Address Text; VoidDate DateTime; KeysReturned DateTime; "
            "WorksComplete DateTime; ReadyToLet Boolean",
            96,
        ),
        L(
            "Estate Parking Permits",
            "housing_stock",
            "Permits issued for parking bays on housing estates, with tenant and vehicle.",
            "Title Text | Permit number; Estate Choice; Tenant Text; VRM Text | Vehicle registration mark; "
            "Expires DateTime",
            2_300,
        ),
    ),
)

PLANNING_SITE = SiteSpec(
    "sharepoint-planning",
    "PlanningAndRegeneration",
    "Planning and Regeneration",
    "Team site for Planning, Building Control and Regeneration.",
    "planning_policy",
    (
        ("Documents", "Working documents."),
        ("Local Plan", "Local Plan review documents."),
        ("Committee", "Planning Committee papers."),
    ),
    (
        F(
            "Documents",
            "planning_applications",
            "Validation Checklist {year}.pdf*2 | The local validation checklist for planning applications.",
            "Planning Service Plan {fy}.docx*2",
            "Pre-application Advice Charges {fy}.pdf*2",
        ),
        F(
            "Local Plan",
            "planning_policy",
            "Local Plan Review Timetable.docx",
            "Issues and Options Consultation Report.pdf",
            "Green Belt Review.pdf",
            "Infrastructure Delivery Plan.pdf",
            "Viability Assessment 2024.pdf",
        ),
        F(
            "Committee",
            "planning_applications",
            "Planning Committee Agenda {date}.pdf*10",
            "Planning Committee Minutes {date}.docx*10",
        ),
        F(
            "Documents/Regeneration",
            "regeneration_programmes",
            "Regeneration Programme Board {date}.docx*4",
            "Town Centre Investment Prospectus.pdf",
        ),
    ),
    (
        L(
            "Pre-application Meetings",
            "planning_applications",
            "Booked pre-application meetings.",
            "Title Text | Site; Applicant Text; Officer User; MeetingDate DateTime; FeePaid Currency",
            640,
        ),
        L(
            "Appeals Tracker",
            "planning_applications",
            "Planning appeals with PINS start dates and statements due.",
            "Title Text | Appeal reference; ApplicationRef Text; Procedure Choice; StartDate DateTime; "
            "StatementDue DateTime; Decision Choice",
            210,
        ),
        L(
            "S106 Monitoring",
            "s106",
            "",
            "Title Text | Agreement; Obligation Note; Trigger Text; AmountDue Currency; Received Boolean",
            380,
        ),
    ),
)

PARKING_SITE = SiteSpec(
    "sharepoint-parking",
    "ParkingServices",
    "Parking Services",
    "Team site for Parking Services: policies, evidence packs and trackers.",
    "pcn",
    (
        ("Documents", "Working documents."),
        ("Policies", "Approved parking policies."),
        ("Evidence Packs", "Evidence for Traffic Penalty Tribunal appeals."),
    ),
    (
        F(
            "Documents",
            "pcn",
            "Parking Services Plan {fy}.docx*2",
            "CEO Handbook.pdf | Handbook for civil enforcement officers.",
            "Parking Suspensions Procedure.docx",
        ),
        F(
            "Policies",
            "parking_permits",
            "Parking Permits Eligibility Policy.pdf | Who can have a resident, business or visitor permit.",
            "Parking Enforcement Policy.pdf",
            "Parking Strategy 2023-2028.pdf",
            "Electric Vehicle Charging Strategy.pdf",
        ),
        F(
            "Evidence Packs",
            "parking_appeals",
            "Evidence Pack - PCN {n}.pdf*20 | Evidence pack submitted to the Traffic Penalty Tribunal.",
        ),
    ),
    (
        L(
            "Parking permits",
            "parking_permits",
            "Permits issued by hand at the customer service centre while the online system was down.",
            "Title Text | Permit number; Zone Choice; VRM Text | Vehicle registration mark; Resident Text; "
            "Address Text; ValidFrom DateTime; ValidTo DateTime",
            410,
        ),
        L(
            "Bay Suspension Requests",
            "pcn",
            "Requests to suspend parking bays for removals, skips and filming.",
            "Title Text | Street; Applicant Text; Bays Number; From DateTime; To DateTime; Fee Currency",
            3_100,
        ),
        L(
            "CCTV Camera Faults",
            "parking_cctv",
            "",
            "Title Text | Camera; Fault Note; Reported DateTime; Fixed DateTime",
            140,
        ),
        L(
            "Dispensation Requests",
            "parking_permits",
            "Dispensations for trades and carers to park.",
            "Title Text | Company; VRM Text; Street Text; From DateTime; To DateTime",
            870,
        ),
    ),
)

HR_SITE = SiteSpec(
    "sharepoint-hr",
    "HRHub",
    "HR Hub",
    "The intranet HR hub: policies, forms and manager guidance.",
    "personnel_files",
    (("Policies", "HR policies."), ("Forms", "HR forms."), ("Manager Guidance", "Guidance for managers.")),
    (
        F(
            "Policies",
            "workforce_data",
            "Attendance Management Policy.pdf",
            "Disciplinary Policy.pdf",
            "Grievance Policy.pdf",
            "Flexible Working Policy.pdf",
            "Whistleblowing Policy.pdf",
            "Hybrid Working Policy.pdf",
            "Staff Car Parking Policy.pdf | Who may park at the Civic Centre and depots and how staff "
            "parking permits are allocated.",
        ),
        F(
            "Forms",
            "personnel_files",
            "New Starter Form.docx",
            "Leaver Form.docx",
            "Change of Details Form.docx",
            "Expenses Claim Form.xlsx",
            "Overtime Claim Form.xlsx",
        ),
        F(
            "Manager Guidance",
            "recruitment",
            "Recruitment Toolkit.pdf",
            "Probation Review Template.docx",
            "Return to Work Interview Form.docx",
            "Restructure Guidance.pdf",
        ),
    ),
    (
        L(
            "Staff Car Parking Permits",
            "personnel_files",
            "Staff parking permits for the Civic Centre car park.",
            "Title Text | Employee; Directorate Choice; VRM Text; EssentialCarUser Boolean; Issued DateTime",
            940,
        ),
        L(
            "Restructure Tracker",
            "hr_casework",
            "Service restructures with consultation dates.",
            "Title Text | Restructure; Service Text; ConsultationStart DateTime; StaffAffected Number",
            38,
        ),
        L(
            "Agency Staff Requests",
            "recruitment",
            "",
            "Title Text | Role; Service Text; Rate Currency; Start DateTime; Approved Boolean",
            520,
        ),
    ),
)

GOVERNANCE_SITE = SiteSpec(
    "sharepoint-governance",
    "Governance",
    "Governance and Information",
    "Team site for Information Governance, Democratic Services and Legal.",
    "information_management",
    (
        ("Information Governance", "Policies, DPIAs and data sharing agreements."),
        ("Committee Papers", "Working copies of committee papers."),
        ("Legal Templates", "Template agreements and letters."),
    ),
    (
        F(
            "Information Governance",
            "information_management",
            "Data Protection Policy.pdf",
            "Information Security Policy.pdf",
            "Records Management Policy.pdf",
            "Information Governance Board Minutes {date}.docx*8",
            "Privacy Notice - Parking Services.docx",
            "Privacy Notice - Council Tax.docx",
        ),
        F(
            "Committee Papers",
            "committees",
            "Audit Committee Report {date}.docx*4",
            "Standards Committee Minutes {date}.docx*3",
        ),
        F(
            "Legal Templates",
            "legal_cases",
            "Data Processing Agreement Template.docx",
            "Section 106 Agreement Template.docx",
            "Letter Before Action Template.docx",
        ),
    ),
    (
        L(
            "FOI Requests",
            "foi",
            "Tracker for FOI requests handled outside iCasework before 2018.",
            "Title Text | Reference; Requester Text; Subject Text; Received DateTime; Responded DateTime; "
            "Exemptions Choice",
            5_400,
        ),
        L(
            "Data Breach Register",
            "data_breaches",
            "Data protection incidents reported to the DPO.",
            "Title Text | Incident; Service Choice; Reported DateTime; Severity Choice; ReportedToICO "
            "Boolean",
            420,
        ),
        L(
            "Corporate Risk Register",
            "internal_audit",
            "Corporate risks with owners and mitigations.",
            "Title Text | Risk; Owner User; Likelihood Number; Impact Number; Mitigation Note",
            34,
        ),
    ),
)

COMMUNITIES_SITE = SiteSpec(
    "sharepoint-communities",
    "Communities",
    "Communities and Customer Services",
    "Team site for Libraries, Customer Services and Public Health.",
    "customer_contacts",
    (
        ("Libraries", "Library service documents."),
        ("Customer Services", "Contact centre documents."),
        ("Public Health", "Public health team documents."),
    ),
    (
        F(
            "Libraries",
            "library_members",
            "Library Strategy 2022-2027.pdf",
            "Library Opening Hours {year}.pdf*2",
            "Rhyme Time Bookings {year}.xlsx*2",
        ),
        F(
            "Customer Services",
            "customer_contacts",
            "Knowledge Base - Parking Permits.docx | Contact centre guidance for parking permit enquiries.",
            "Knowledge Base - Missed Bins.docx",
            "Knowledge Base - Council Tax Moving Home.docx",
            "Customer Access Strategy.pdf",
        ),
        F(
            "Public Health",
            "jsna",
            "Health and Wellbeing Strategy 2023-2028.pdf",
            "Health and Wellbeing Board Minutes {date}.docx*3",
        ),
    ),
    (
        L(
            "Warm Spaces",
            "customer_contacts",
            "Warm spaces open in winter, with opening times.",
            "Title Text | Venue; Address Text; Opening Note; Accessible Boolean",
            48,
        ),
        L(
            "Household Support Fund Applications",
            "benefits_claims",
            "Applications to the Household Support Fund with household details and award.",
            "Title Text | Reference; Applicant Text; Address Text; Household Number; Award Currency; "
            "Paid DateTime",
            6_900,
        ),
        L(
            "Library Events",
            "library_members",
            "",
            "Title Text | Event; Branch Choice; EventDate DateTime; Capacity Number",
            310,
        ),
    ),
)

CHILDRENS_SITE = SiteSpec(
    "sharepoint-childrens",
    "ChildrensServices",
    "Children's Services",
    "Team site for children's social care: practice guidance, panels and team documents.",
    "early_help",
    (
        ("Practice Guidance", "Procedures and practice guidance for social workers."),
        ("Team Documents", "Working documents of the children's teams."),
    ),
    (
        F(
            "Practice Guidance",
            "child_protection",
            "Threshold Document {year}.pdf*2 | Continuum of need thresholds agreed by the safeguarding "
            "partnership.",
            "Section 47 Enquiries Procedure.pdf",
            "Strategy Meeting Guidance.docx",
            "Pre-birth Assessment Procedure.pdf",
            "Missing Children Protocol.pdf",
            "Contextual Safeguarding Practice Guide.pdf",
        ),
        F(
            "Team Documents/Looked After Children",
            "looked_after_children",
            "Placement Request {n}.docx*6 | Request for a placement sent to the placements team.",
            "Permanence Planning Meeting {date}.docx*5",
            "Independent Visitor Matches.xlsx",
        ),
        F(
            "Team Documents/Fostering",
            "fostering_adoption",
            "Foster Carer Recruitment Campaign {year}.pptx*2",
            "Fostering Allowances {fy}.xlsx*2",
            "Foster Carer Handbook.pdf",
        ),
        F(
            "Team Documents/Early Help",
            "early_help",
            "Family Hub Referrals {mon} {year}.xlsx*6 | Referrals to family hubs by source and outcome.",
            "Team Around the Family Meeting Template.docx",
        ),
    ),
    (
        L(
            "MASH Daily Meeting Actions",
            "child_protection",
            "Actions agreed at the daily multi-agency safeguarding hub meeting.",
            "Title Text | Child reference; Agency Choice; Action Note; Owner User; Due DateTime; Done "
            "Boolean",
            7_800,
        ),
        L(
            "Placement Requests",
            "looked_after_children",
            "Requests for foster and residential placements and their status.",
            "Title Text | Child reference; Needs Note; Requested DateTime; PlacementType Choice; Status "
            "Choice",
            640,
        ),
        L(
            "Training Bookings",
            "early_help",
            "",
            "Title Text | Course; Attendee User; Date DateTime; Attended Boolean",
            2_100,
        ),
    ),
)

SITES_SPECS: tuple[SiteSpec, ...] = (
    HOUSING_SITE, PLANNING_SITE, PARKING_SITE, HR_SITE, GOVERNANCE_SITE, COMMUNITIES_SITE, CHILDRENS_SITE,
)  # fmt: skip

# --------------------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------------------

MIME_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "csv": "text/csv",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "msg": "application/vnd.ms-outlook",
    "txt": "text/plain",
    "zip": "application/zip",
    "accdb": "application/x-msaccess",
    "jpg": "image/jpeg",
}
SPREADSHEET_EXTENSIONS = frozenset({"xlsx", "xls", "csv"})
DOCUMENT_EXTENSIONS = frozenset({"docx", "doc", "pdf", "pptx"})

# Typical sizes in bytes (median, spread factor) for lognormal-ish sizes.
TYPICAL_SIZES: dict[str, tuple[int, float]] = {
    "docx": (60_000, 3.0), "doc": (80_000, 2.5), "xlsx": (120_000, 5.0), "xls": (200_000, 4.0),
    "csv": (400_000, 6.0), "pdf": (600_000, 5.0), "pptx": (2_000_000, 3.0), "msg": (150_000, 4.0),
    "txt": (20_000, 5.0), "zip": (80_000_000, 4.0), "accdb": (30_000_000, 3.0), "jpg": (2_500_000, 2.0),
}  # fmt: skip

ENGINE_FORMATS: dict[str, str] = {"postgresql": "PostgreSQL", "mssql": "SQL Server", "oracle": "Oracle"}

# Header rows of well-known spreadsheets (by file name prefix), so spreadsheets show columns too.
SPREADSHEET_HEADERS: dict[str, str] = {
    "HMO Licence Register": (
        "Licence No; Property Address; UPRN; Licence Holder; Manager; Storeys; Max Occupants; Households; "
        "Issued; Expires"
    ),
    "Markets Traders List MASTER": (
        "Stall No; Trader Name; Business Name; Commodity; Mobile; Email; Weekly Rent; Days; "
        "Insurance Expiry; Notes"
    ),
    "Parking Permit Applications": (
        "Application No; Name; Address; Postcode; Zone; VRM; Permit Type; Received; Status"
    ),
    "Premises Licence Register": (
        "Licence No; Premises; Address; Licence Holder; DPS; Licensable Activities; Hours"
    ),
    "Spend over 500": (
        "Body Name; Service Area; Expense Type; Supplier Name; Payment Date; Transaction No; Amount"
    ),
    "Allotment Waiting List": "Name; Address; Phone; Email; Preferred Site; Date Joined; Position",
    "FOI Log": "Reference; Received; Requester Type; Subject; Service; Due; Responded; Exemptions",
    "Blue Badge Applications Log": (
        "Reference; Applicant; Date of Birth; Eligibility Route; Received; Decision; Badge No"
    ),
    "TA Placements Tracker": (
        "Case Ref; Household; Children; Accommodation; Type; Placed; Nightly Cost; Move On Plan"
    ),
    "Estate Parking Permits": "Permit No; Estate; Bay; Tenant; Tenancy Ref; VRM; Expiry",
    "Food Hygiene Inspection Programme": "Premises; Address; Risk Category; Last Visit; Due; Officer",
    "Contracts Register": "Reference; Title; Supplier; Start; End; Value; Department; SME; VCSE",
}
