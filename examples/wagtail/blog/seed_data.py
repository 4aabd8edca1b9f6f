"""What `manage.py seed_demo` publishes: two sites, two authors, twelve posts.

Beside Flattr, every way of support (docs/funding.md): each site's own providers and wallet,
each author's own (on their posts on either site), and a few posts' own. The demo's wallets
and accounts are examples: nothing on a page loads anything from them before a click.
"""

AUTHORS = {
    # username: (first name, last name, Flattr account and other ways of support of their own)
    "ada": (
        "Ada",
        "Moreau",
        {
            "username": "ada",
            "flattr_id": "ada001",
            "funding": {
                "ko_fi": {"username": "ada", "widget_id": "A1D4A1D4"},
                "paypal": "adamoreau",
            },
        },
    ),
    "grace": (
        "Grace",
        "Tanaka",
        {
            "username": "grace",
            "flattr_id": "",
            "funding": {"polar": "grace", "thanks_dev": "u/gh/grace-tanaka"},
        },
    ),
}

SITES = [
    {
        "key": "garden",
        "hostname": "127.0.0.1",
        "site_name": "Kitchen Garden",
        "intro": "<p>Vegetables on a small balcony and a shared allotment, a season at a time.</p>",
        "about": "<p>Ada and Grace grow food in too little space and write down what worked.</p>",
        "flattr": {
            "username": "ada",
            "flattr_id": "ada001",
            "button": "static",
            "tags": "garden",
            "funding": {
                "open_collective": "kitchen-garden",
                "liberapay": "kitchen-garden",
                "web_monetization": ["https://wallet.example/kitchen-garden"],
            },
        },
        "posts": [
            (
                "tomatoes-on-a-balcony",
                "Tomatoes on a balcony",
                "ada",
                "2024-04-02",
                ["tomatoes", "balcony"],
                "Six plants, four buckets and one very sunny wall.",
                "<p>Cherry tomatoes forgive almost everything except a dry pot in July. We water "
                "twice a day in the heat and feed every week once the first trusses set.</p>",
            ),
            (
                "seed-swap",
                "Our first seed swap",
                "grace",
                "2024-04-18",
                ["seeds", "community"],
                "Forty people, three hundred packets, and beans nobody could name.",
                "<p>The allotment society lent us the hall. We labelled everything, kept a list of "
                "who brought what, and went home with more seeds than we could ever sow.</p>",
            ),
            (
                "compost-in-a-bag",
                "Compost in a bag",
                "ada",
                "2024-05-09",
                ["compost", "soil"],
                "Yes, you can compost on the fourth floor.",
                "<p>A bokashi bucket under the sink and a tough bag on the balcony turn kitchen "
                "scraps into soil in about eight weeks, with less smell than you would think.</p>",
            ),
            (
                "runner-beans",
                "Runner beans up the railings",
                "ada",
                "2024-06-01",
                ["beans", "balcony"],
                "The neighbours now call it the green wall.",
                "<p>Runner beans climb anything. Ours climbed the railings, the drainpipe and, "
                "briefly, the washing line.</p>",
            ),
            (
                "slugs",
                "Living with slugs",
                "grace",
                "2024-06-23",
                ["pests", "allotment"],
                "A truce, not a victory.",
                "<p>Beer traps, copper tape and evening patrols: we tried them all. What worked "
                "best was growing more lettuce than the slugs could eat.</p>",
            ),
            (
                "harvest-diary",
                "The August harvest diary",
                "ada",
                "2024-08-30",
                ["harvest", "diary"],
                "Eleven kilograms of tomatoes and one heroic courgette.",
                "<p>We weighed everything this year. The balcony beat the allotment on tomatoes "
                "and lost badly on everything else.</p>",
            ),
        ],
    },
    {
        "key": "sky",
        "hostname": "localhost",
        "site_name": "Night Sky",
        "intro": "<p>Observing notes from a dark field an hour out of the city.</p>",
        "about": "<p>Grace keeps the telescope; Ada keeps the thermos full.</p>",
        "flattr": {
            "username": "grace",
            "flattr_id": "",
            "button": "widget",  # every vendor's own button too, each loaded only on a click
            "tags": "astronomy",
            "funding": {
                "github": ["night-sky-notes"],
                "buy_me_a_coffee": "nightsky",
                "web_monetization": ["https://wallet.example/night-sky"],
            },
        },
        "posts": [
            (
                "first-light",
                "First light",
                "grace",
                "2024-01-12",
                ["telescope", "moon"],
                "The new telescope saw the Moon before it saw anything else.",
                "<p>A 150 mm reflector, a wobbly tripod and a clear January night. The craters "
                "along the terminator looked close enough to touch.</p>",
            ),
            (
                "jupiter-moons",
                "Jupiter and its four moons",
                "grace",
                "2024-02-03",
                ["jupiter", "planets"],
                "Galileo's moons, in the order he saw them.",
                "<p>Io, Europa, Ganymede and Callisto change places every night. We sketched "
                "them for a week and watched Io disappear behind the planet.</p>",
            ),
            (
                "dark-sites",
                "Finding a dark site",
                "ada",
                "2024-03-15",
                ["light pollution"],
                "A light-pollution map and a car with a full tank.",
                "<p>An hour from the city the sky changes colour. We found a farm track with a "
                "wide southern horizon and a farmer who does not mind.</p>",
            ),
            (
                "meteor-night",
                "Perseids from a deck chair",
                "grace",
                "2024-08-12",
                ["meteors", "perseids"],
                "Sixty-one meteors in two hours, and one fireball.",
                "<p>No telescope needed: a deck chair, a blanket and patience. The fireball left a "
                "trail that glowed for three seconds.</p>",
            ),
            (
                "sponsored-eyepieces",
                "Three eyepieces, tested",
                "grace",
                "2024-09-20",
                ["eyepieces", "gear"],
                "A maker sent us these to test, so this post has no Flattr button.",
                "<p>Gear we were given is not something we ask readers to pay for. The 12 mm "
                "was the one we kept using.</p>",
            ),
            (
                "saturn-rings",
                "Saturn's rings edge-on",
                "ada",
                "2024-10-05",
                ["saturn", "planets"],
                "The rings are almost gone this year.",
                "<p>Every fifteen years Saturn's rings turn edge-on to us and all but vanish. "
                "Through the eyepiece, a thin bright line across a cream-coloured ball.</p>",
            ),
        ],
    },
]

# Pages whose own Flattr settings differ from the site's (FlattrPageMixin fields).
PAGE_FLATTR = {
    "sponsored-eyepieces": {"flattr_enabled": False},  # opted out: no button, no thing
    "harvest-diary": {
        "flattr_category": "images",
        "flattr_tags": "photos",
        # the allotment's Patreon on this post, without the site's Open Collective
        "flattr_funding": {
            "patreon": {"username": "allotment-society", "user_id": "1234567"},
            "open_collective": "off",
        },
    },
    "meteor-night": {
        "flattr_category": "images",
        "flattr_funding": {"custom": ["https://darksky.example/donate"]},  # the club's own page
    },
    "slugs": {"flattr_funding": False},  # only the Flattr button on this one
}
