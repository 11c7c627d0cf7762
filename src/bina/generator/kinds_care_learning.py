"""Kinds of business that look after or teach people (and pets): keywords, types, labels.

Salons, clinics, gyms, childcare and classes are told apart by whom they serve and how; kept
apart from the food and shop kinds and the trades so each table stays readable.
"""

from __future__ import annotations

from bina.generator.kind import PET_CAT, Kind

# Kinds that groom, heal, train, mind or teach.
CARE_AND_LEARNING_KINDS: tuple[Kind, ...] = (
    Kind(
        "salon",
        "BeautySalon",
        "Salon",
        "Salon",
        (
            (
                3,
                r"gunting rambut|potong rambut|haircut|hair ?cut|creambath|"
                r"facial|manicure|pedicure|nail|kuku|lash|bulu mata|eyebrow|kening|"
                r"make ?up artist|mua|kecantikan|beauty|rebonding|"
                r"hair ?colou?r|waxing|threading|hair ?treatment|keratin|highlight",
            ),
            (5, r"salon|beauty salon|salon kecantikan"),
            (1, r"rambut|hair|cantik|kulit|skin"),
        ),
        (
            (r"nail|manicure|pedicure|kuku", "NailSalon"),
            (r"hair|rambut|rebonding", "HairSalon"),
        ),
    ),
    Kind(
        "barber",
        "HairSalon",
        "Kedai Gunting Rambut",
        "Barber",
        (
            (
                6,
                r"barber|barbers|barbershop|barber shop|barber's|kedai gunting(?: rambut)?|"
                r"tukang gunting|"
                r"gunting rambut lelaki|potong rambut lelaki|men'?s (?:haircut|grooming)|"
                r"gentlemen'?s|skin fade|fade|undercut|pompadour|cukur|shave|shaving|"
                r"beard|janggut|misai",
            ),
            (1, r"gunting|haircut|rambut"),
        ),
    ),
    Kind(
        "bridal",
        "LocalBusiness",
        "Butik Pengantin",
        "Bridal",
        (
            (
                6,
                r"butik pengantin|bridal|andaman|mak andam|pelamin|wedding planner|"
                r"perancang perkahwinan|baju pengantin|gaun pengantin|wedding (?:dress|gown)s?|"
                r"pakej perkahwinan|pakej kahwin|wedding packages?|pakej pengantin|"
                r"dais|sewa baju nikah|baju nikah|busana pengantin|mekap pengantin|"
                r"jurusolek(?: pengantin)?|juru solek|"
                r"make ?up pengantin|makeup pengantin|bridal make ?up|"
                r"door ?gifts?",
            ),
            (2, r"pengantin|bride|groom|nikah|sanding|wedding|perkahwinan|kahwin|hantaran"),
        ),
    ),
    Kind(
        "massage",
        "DaySpa",
        "Pusat Urut",
        "Massage",
        (
            (
                5,
                r"urut|urutan|massage|refleksologi|reflexology|bekam|hijama|cupping|"
                r"urut (?:tradisional|pantang|kaki|badan)|foot (?:massage|reflexology)|"
                r"aromaterapi|aromatherapy|body scrub|lulur|tuina|sauna|therapist|terapis|"
                r"mandi bunga|totok|shiatsu|thai massage|body massage",
            ),
            (3, r"spa"),
            (1, r"relax\w*|rehat|lenguh|sengal|pantang"),
        ),
    ),
    Kind(
        "clinic",
        "MedicalClinic",
        "Klinik",
        "Clinic",
        (
            (
                4,
                r"klinik|clinic|doktor|doctor|dr|medical|perubatan|pergigian|dental|dentist|"
                r"klinik gigi|gigi|scaling|tampal gigi|cabut gigi|"
                r"farmasi|pharmacy|veterinar(?:y|i)|vet|"
                r"optometrist|optik|optical|kesihatan|health ?care|pesakit|patients?|"
                r"vaksin|vaccin\w*|ubat|medicine|chiropract\w*",
            ),
            # treatment of what: of pests ("rawatan anai-anai"), hair, a car's paint
            (1, r"rawatan"),
        ),
        (
            (r"pergigian|dental|dentist|klinik gigi", "Dentist"),
            (r"veterinar(?:y|i)|vet|haiwan|pet", "VeterinaryCare"),
            (r"farmasi|pharmacy", "Pharmacy"),
            (r"optometrist|optik|optical", "Optician"),
        ),
    ),
    Kind(
        "physiotherapy",
        "Physiotherapy",
        "Fisioterapi",
        "Physiotherapy",
        (
            (
                6,
                r"fisioterapi|physiotherapy|physio|physiotherapist|ahli fisioterapi|"
                r"rehabilitation|rehab|pemulihan|sports injur(?:y|ies)|kecederaan sukan|fisio|"
                r"terapi fizikal|physical therapy",
            ),
            (
                2,
                r"sakit belakang|back pain|sakit lutut|knee pain|sendi|joints?|stroke|"
                r"slipped disc|sakit bahu|shoulder pain|postur\w*",
            ),
        ),
    ),
    Kind(
        "fitness",
        "ExerciseGym",
        "Pusat Kecergasan",
        "Fitness Studio",
        (
            (
                4,
                r"gym|gim|fitness|kecergasan|yoga|pilates|zumba|aerobik|aerobics|crossfit|"
                r"muay thai|boxing|tinju|silat|taekwondo|karate|martial arts?|"
                r"personal trainer|jurulatih peribadi|senaman|workout|bootcamp|hiit",
            ),
        ),
        ((r"yoga|pilates", "SportsActivityLocation"),),
    ),
    Kind(
        "pet_grooming",
        "LocalBusiness",
        "Grooming Haiwan",
        "Pet Grooming",
        (
            (
                5,
                r"grooming|groomer|groom kucing|mandi kucing|mandi anjing|pet spa|pet salon|"
                r"cat grooming|dog grooming|pet grooming|potong kuku (?:kucing|anjing)|"
                r"trim bulu|shave kucing|de-?shedding",
            ),
            (1, rf"pets?|kucing|{PET_CAT}|anjing|dogs?|arnab|rabbits?|bulu|fur"),
        ),
    ),
    Kind(
        "childcare",
        "ChildCare",
        "Taska",
        "Childcare",
        (
            (
                6,
                r"taska|nurseri|nursery|daycare|day care|tadika|kindergarten|preschool|"
                r"pra ?sekolah|pusat jagaan(?: kanak-kanak)?|jaga (?:budak|anak|baby)|"
                r"babysit\w*|pengasuh|child ?care|after[- ]school care|transit(?: sekolah)?|"
                r"penjagaan kanak-kanak|montessori|pusat asuhan|asuhan|childminder|nanny",
            ),
            (1, r"kanak-kanak|kids|children|budak|bayi|baby|babies|toddlers?"),
        ),
        ((r"tadika|kindergarten|preschool|pra ?sekolah|montessori", "Preschool"),),
    ),
    Kind(
        "education",
        "EducationalOrganization",
        "Pusat Pendidikan",
        "Learning Centre",
        (
            (
                4,
                r"akademi|academy|kelas (?:memandu|muzik|piano|renang|bahasa|coding|masakan|"
                r"jahitan|jahit|seni|gitar|melukis|lukisan|menjahit|baking|bahasa inggeris|"
                r"english|kek|memasak|mekap|make ?up|solekan)|"
                r"music (?:lessons?|classes)|piano|guitar|gitar|violin|biola|coding class|"
                r"language (?:class|centre|center)|learning centre|sekolah memandu|"
                r"driving school|swimming (?:lessons?|class\w*)|kelas renang|bengkel kemahiran|"
                # not the courses of a meal ("6-course dinner")
                r"kursus|(?<!\d-)(?<!\d )course|workshop (?:for|untuk)|pelajar|students?",
            ),
            (2, r"kelas|class|classes|belajar|learn|ajar|teach|murid|yuran|lessons?"),
        ),
        ((r"driving school|sekolah memandu", "DrivingSchool"),),
    ),
    Kind(
        "tuition",
        "EducationalOrganization",
        "Pusat Tuisyen",
        "Tuition Centre",
        (
            (
                6,
                r"tuisyen|tuition|tutor|tutoring|pusat tuisyen|home tuition|"
                r"spm|pt3|upsr|stpm|igcse|uasa|sijil pelajaran|kelas tambahan|tusyen|tuisen|"
                r"tution|private tutor",
            ),
            (
                2,
                r"matematik|math|maths|mathematics|add ?maths|sains|science|fizik|physics|"
                r"kimia|chemistry|biologi|biology|subjek|subjects?|sekolah rendah|"
                r"sekolah menengah|primary school|secondary school|darjah|tingkatan|"
                r"form [1-6]|standard [1-6]|peperiksaan|exams?|year [1-6]",
            ),
            # School years up to a school form, a fee per subject: lessons for school.
            (
                6,
                r"(?:year|standard|darjah|tahun) [1-6] (?:to|hingga|sampai|-) "
                r"(?:form|tingkatan) [1-6]|(?:/|per |setiap )(?:subject|subjek|mata pelajaran)",
            ),
        ),
    ),
    Kind(
        "religious_class",
        "EducationalOrganization",
        "Kelas Mengaji",
        "Quran Classes",
        (
            (
                6,
                r"kelas mengaji|mengaji|iqra'?|al-?qur'?an|qur'?an|tajwid|tajweed|"
                r"fardu ain|fardhu ain|fardu 'ain|hafazan|tahfiz|tahfeez|kelas agama|"
                r"muqaddam|tilawah|kelas jawi|jawi|kafa|kelas solat|religious class\w*|"
                r"islamic class\w*|pengajian islam|ngaji|tahsin|qiraat|tarannum|talaqqi|"
                r"sekolah agama",
            ),
            (2, r"ustaz|ustazah|ustadh|ustadzah|doa|solat|agama|islam"),
        ),
    ),
)
