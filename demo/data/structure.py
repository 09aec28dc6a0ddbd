"""The demo's organisations, forum series, venues, editions, sub-forums and
registration types. Times are wall-clock times in the edition's time zone."""

# Chinese text is written with its own full-width punctuation.
# ruff: noqa: RUF001

from __future__ import annotations

from demo.data import tr

FORUM_SLUG = "yrd-st-forum"
EDITION_19 = "yrd-st-forum-2022"
EDITION_18 = "yrd-st-forum-2021"

ORGANISATIONS = [
    {
        "slug": "zast",
        **tr("name", "浙江省科学技术协会", "Zhejiang Provincial Association for Science and Technology"),
        **tr("short_name", "浙江省科协", "Zhejiang AST"),
        "kind": "association",
    },
    {
        "slug": "sast",
        **tr("name", "上海市科学技术协会", "Shanghai Association for Science and Technology"),
        **tr("short_name", "上海市科协", "Shanghai AST"),
        "kind": "association",
    },
    {
        "slug": "jsast",
        **tr("name", "江苏省科学技术协会", "Jiangsu Association for Science and Technology"),
        **tr("short_name", "江苏省科协", "Jiangsu AST"),
        "kind": "association",
    },
    {
        "slug": "ahast",
        **tr("name", "安徽省科学技术协会", "Anhui Association for Science and Technology"),
        **tr("short_name", "安徽省科协", "Anhui AST"),
        "kind": "association",
    },
    {
        "slug": "cast",
        **tr("name", "中国科学技术协会", "China Association for Science and Technology"),
        **tr("short_name", "中国科协", "CAST"),
        "kind": "association",
    },
    {
        "slug": "wuhu-government",
        **tr("name", "芜湖市人民政府", "Wuhu Municipal People's Government"),
        **tr("short_name", "芜湖市政府", "Wuhu Government"),
        "kind": "government",
    },
    {
        "slug": "wuhu-ast",
        **tr("name", "芜湖市科学技术协会", "Wuhu Association for Science and Technology"),
        **tr("short_name", "芜湖市科协", "Wuhu AST"),
        "kind": "association",
    },
    {
        "slug": "wuhu-bureau-st",
        **tr("name", "芜湖市科学技术局", "Wuhu Municipal Bureau of Science and Technology"),
        **tr("short_name", "芜湖市科技局", "Wuhu Bureau of S&T"),
        "kind": "government",
    },
    {
        "slug": "jiuzi-ust",
        **tr("name", "鸠兹科技大学", "Jiuzi University of Science and Technology"),
        **tr("short_name", "鸠兹科大", "JUST"),
        "kind": "university",
    },
    {
        "slug": "changjiang-iim",
        **tr("name", "长江智能制造研究院", "Changjiang Institute of Intelligent Manufacturing"),
        **tr("short_name", "长江智造院", "CIIM"),
        "kind": "institute",
    },
    {
        "slug": "jianghuai-green-energy",
        **tr("name", "江淮绿色能源集团", "Jianghuai Green Energy Group"),
        **tr("short_name", "江淮绿能", "JGE"),
        "kind": "company",
    },
]

FORUM = {
    "slug": FORUM_SLUG,
    **tr("name", "长三角科技论坛", "Yangtze River Delta Science and Technology Forum"),
    **tr(
        "description",
        "长三角科技论坛于2004年由浙江省科学技术协会发起，每年举办一届，由上海、江苏、浙江、安徽三省一市科协轮流主办，"
        "是长三角区域科技交流与合作的重要平台。",
        "Initiated in 2004 by the Zhejiang Provincial Association for Science and Technology, the forum is held "
        "every year by the associations for science and technology of Shanghai, Jiangsu, Zhejiang and Anhui in "
        "turn, a platform for scientific exchange and cooperation across the Yangtze River Delta.",
    ),
    "first_held_year": 2004,
    "initiator": "zast",
}

VENUES = [
    {
        "slug": "wuhu-riverside-centre",
        **tr("name", "芜湖滨江国际会议中心", "Wuhu Riverside International Conference Centre"),
        **tr("city", "芜湖", "Wuhu"),
        **tr("address", "安徽省芜湖市滨江大道1号（虚构地址）", "1 Binjiang Avenue, Wuhu, Anhui (fictional address)"),
        "rooms": [
            {"order": 1, **tr("name", "长江厅", "Yangtze Hall"), "capacity": 800, "floor": "1F"},
            {"order": 2, **tr("name", "鸠兹厅", "Jiuzi Hall"), "capacity": 300, "floor": "2F"},
            {"order": 3, **tr("name", "赭山厅", "Zheshan Hall"), "capacity": 200, "floor": "2F"},
            {"order": 4, **tr("name", "镜湖厅", "Jinghu Hall"), "capacity": 150, "floor": "3F"},
            {"order": 5, **tr("name", "神山厅", "Shenshan Hall"), "capacity": 120, "floor": "3F"},
            {"order": 6, **tr("name", "天门厅", "Tianmen Hall"), "capacity": 100, "floor": "3F"},
        ],
    },
    {
        "slug": "pujiang-science-hall",
        **tr("name", "浦江科学会堂", "Pujiang Science Hall"),
        **tr("city", "上海", "Shanghai"),
        **tr("address", "上海市浦江路88号（虚构地址）", "88 Pujiang Road, Shanghai (fictional address)"),
        "rooms": [
            {"order": 1, **tr("name", "主会场", "Main Hall"), "capacity": 600, "floor": "1F"},
            {"order": 2, **tr("name", "第一会议室", "Meeting Room 1"), "capacity": 160, "floor": "2F"},
        ],
    },
]

# The 19th edition's programme dates are the historical ones (2022). Its status
# and registration window are not: ``registration_window_around_now`` makes the
# loader open registration around the day the demo is loaded, so the sign-up
# pages, waiting lists and API can be tried on the demo.
EDITIONS = [
    {
        "slug": EDITION_18,
        "number": 18,
        "year": 2021,
        **tr("title", "第十八届长三角科技论坛", "The 18th Yangtze River Delta Science and Technology Forum"),
        **tr(
            "theme",
            "协同创新，共建长三角科技创新共同体",
            "Collaborative innovation for a Yangtze River Delta science and technology community",
        ),
        **tr("host_city", "上海", "Shanghai"),
        **tr(
            "description",
            "（示例）第十八届论坛在上海举办，聚焦区域协同创新与数字化转型。",
            "(Demo) The 18th forum, held in Shanghai, on regional collaborative innovation and digital transformation.",
        ),
        "venue": "pujiang-science-hall",
        "start": "2021-09-16 09:00",
        "end": "2021-09-17 17:00",
        "status": "archived",
        "registration_opens": "2021-08-01 09:00",
        "registration_closes": "2021-09-12 18:00",
        "min_subforum_choices": 0,
        "max_subforum_choices": 2,
        "organising_roles": [
            ("zast", "initiator"),
            ("sast", "host"),
            ("jsast", "host"),
            ("zast", "host"),
            ("ahast", "host"),
            ("cast", "supporter"),
        ],
        "sub_forums": [
            {
                "slug": "academician-forum",
                **tr("title", "长三角一体化院士论坛", "Yangtze River Delta Integrated Academician Forum"),
                **tr("theme", "院士智慧助力区域协同创新", "Academicians on regional collaborative innovation"),
                "hosts": ["sast"],
                "room": "Main Hall",
                "start": "2021-09-16 14:00",
                "end": "2021-09-16 17:00",
                "capacity": 400,
            },
            {
                "slug": "digital-transformation",
                **tr("title", "数字化转型分论坛", "Digital Transformation Forum"),
                **tr("theme", "数字技术赋能制造业", "Digital technology for manufacturing"),
                "hosts": ["sast", "jiuzi-ust"],
                "room": "Meeting Room 1",
                "start": "2021-09-17 09:00",
                "end": "2021-09-17 12:00",
                "capacity": 150,
            },
        ],
        "registration_types": [
            {"slug": "delegate", **tr("name", "代表", "Delegate"), "capacity": 400, "order": 0},
        ],
    },
    {
        "slug": EDITION_19,
        "number": 19,
        "year": 2022,
        **tr("title", "第十九届长三角科技论坛", "The 19th Yangtze River Delta Science and Technology Forum"),
        **tr(
            "theme",
            "创新资源共建共享，科技经济融通融合",
            "Co-building and sharing innovation resources, integrating science, technology and the economy",
        ),
        **tr("host_city", "芜湖", "Wuhu"),
        **tr(
            "description",
            "第十九届长三角科技论坛暨2022长三角一体化院士论坛在安徽芜湖举办，设开幕式、院士主旨报告会和多个专题论坛，"
            "搭建政产学研用合作交流平台和“科创中国”建设平台，服务长三角地区高质量发展。",
            "The 19th Yangtze River Delta Science and Technology Forum and 2022 Yangtze River Delta Integrated "
            "Academician Forum, held in Wuhu, Anhui: an opening ceremony, academicians' keynotes and themed "
            "sub-forums linking government, industry, universities and research, and the “Science and Technology "
            "Innovation China” platform.",
        ),
        "venue": "wuhu-riverside-centre",
        "start": "2022-07-06 08:30",
        "end": "2022-07-09 12:00",
        "status": "registration_open",
        "registration_window_around_now": True,
        "min_subforum_choices": 1,
        "max_subforum_choices": 3,
        "organising_roles": [
            ("zast", "initiator"),
            ("ahast", "host"),
            ("sast", "host"),
            ("jsast", "host"),
            ("zast", "host"),
            ("wuhu-government", "co_host"),
            ("wuhu-ast", "organiser"),
            ("wuhu-bureau-st", "organiser"),
            ("cast", "supporter"),
            ("jiuzi-ust", "supporter"),
            ("changjiang-iim", "supporter"),
        ],
        "sub_forums": [
            {
                "slug": "academician-forum",
                **tr("title", "长三角一体化院士论坛", "Yangtze River Delta Integrated Academician Forum"),
                **tr("theme", "院士智慧赋能长三角高质量发展", "Academicians on high-quality development of the Delta"),
                **tr(
                    "description",
                    "院士专家同台共话，围绕先进制造、新材料、生命健康和绿色低碳作主旨报告并开展对话。",
                    "Academicians give keynotes on advanced manufacturing, new materials, health and "
                    "low-carbon development, then talk together on stage.",
                ),
                "hosts": ["ahast", "sast", "jsast", "zast"],
                "room": "Jiuzi Hall",
                "start": "2022-07-06 14:00",
                "end": "2022-07-06 17:30",
                "capacity": 280,
                "order": 0,
            },
            {
                "slug": "kczg-service",
                **tr(
                    "title",
                    "“科创中国”服务专题论坛",
                    "“Science and Technology Innovation China” Service Forum",
                ),
                **tr("theme", "科技服务助力产业创新", "Science and technology services for industrial innovation"),
                **tr(
                    "description",
                    "四位代表分享“科创中国”试点城市建设、技术转移、企业创新和学会服务的经验。",
                    "Four representatives share their experience of the “Science and Technology Innovation China” "
                    "pilot cities, technology transfer, company innovation and the services of learned societies.",
                ),
                "hosts": ["cast", "wuhu-ast"],
                "room": "Zheshan Hall",
                "start": "2022-07-06 14:00",
                "end": "2022-07-06 17:00",
                "capacity": 180,
                "order": 1,
            },
            {
                "slug": "ai",
                **tr("title", "人工智能与数字经济专题论坛", "Artificial Intelligence and Digital Economy Forum"),
                **tr("theme", "智能算力与产业数字化", "Computing power and the digitalisation of industry"),
                **tr(
                    "description",
                    "限额15人的闭门研讨，报满后进入候补名单。",
                    "A closed-door seminar limited to 15 participants; later sign-ups join the waiting list.",
                ),
                "hosts": ["jiuzi-ust"],
                "room": "Jinghu Hall",
                "start": "2022-07-07 09:00",
                "end": "2022-07-07 12:00",
                "capacity": 15,
                "order": 2,
            },
            {
                "slug": "nev",
                **tr("title", "新能源汽车产业创新专题论坛", "New Energy Vehicle Industry Innovation Forum"),
                **tr("theme", "动力电池与智能网联", "Power batteries and connected vehicles"),
                "hosts": ["wuhu-bureau-st", "changjiang-iim"],
                "room": "Shenshan Hall",
                "start": "2022-07-07 09:00",
                "end": "2022-07-07 12:00",
                "capacity": 120,
                "order": 3,
            },
            {
                "slug": "biomedicine",
                **tr("title", "生物医药与大健康专题论坛", "Biomedicine and Health Forum"),
                **tr("theme", "创新药研发与成果转化", "Drug discovery and the transfer of results"),
                "hosts": ["ahast"],
                "room": "Jinghu Hall",
                "start": "2022-07-07 14:00",
                "end": "2022-07-07 17:00",
                "capacity": 150,
                "order": 4,
            },
            {
                "slug": "green-low-carbon",
                **tr("title", "绿色低碳发展专题论坛", "Green and Low-Carbon Development Forum"),
                **tr("theme", "双碳目标下的能源转型", "The energy transition towards carbon neutrality"),
                **tr(
                    "description",
                    "向全体参会代表开放，无需单独报名。",
                    "Open to every delegate; no separate sign-up.",
                ),
                "hosts": ["jianghuai-green-energy", "zast"],
                "room": "Tianmen Hall",
                "start": "2022-07-07 14:00",
                "end": "2022-07-07 17:00",
                "capacity": None,
                "requires_registration": False,
                "order": 5,
            },
        ],
        "registration_types": [
            {
                "slug": "delegate",
                **tr("name", "代表", "Delegate"),
                **tr("description", "参会代表", "Conference delegate"),
                "capacity": 300,
                "order": 0,
            },
            {
                "slug": "student",
                **tr("name", "学生", "Student"),
                **tr("description", "在读学生，须经主办方审核", "Students; approved by the organisers"),
                "capacity": 60,
                "requires_approval": True,
                "order": 1,
            },
            {
                "slug": "press",
                **tr("name", "媒体", "Press"),
                **tr("description", "新闻媒体记者", "Journalists"),
                "capacity": 6,
                "order": 2,
            },
        ],
    },
]

# The forum's invitation letter (documents): no letterhead or seal picture, which an organiser uploads.
LETTER_TEMPLATE = {
    **tr("title", "邀请函", "Letter of Invitation"),
    **tr(
        "body",
        "尊敬的{salutation}：\n\n"
        "{edition}定于{dates}在{city}举行，本届论坛主题为“{theme}”。久仰您在相关领域的学术造诣，"
        "论坛组委会诚挚邀请您拨冗出席，并担任以下环节的嘉宾：\n\n"
        "{sessions}\n\n"
        "您的往返交通与住宿事宜，组委会将另行与您联系。恭候您的光临！",
        "Dear {salutation},\n\n"
        "{edition} will be held in {city} on {dates}, on the theme “{theme}”. On behalf of the organising "
        "committee, it is our honour to invite you to attend and to take part in the following sessions:\n\n"
        "{sessions}\n\n"
        "The organising committee will contact you about your travel and accommodation. "
        "We look forward to welcoming you.",
    ),
    **tr("signatory", "{edition}组委会", "The organising committee of {edition}"),
}
