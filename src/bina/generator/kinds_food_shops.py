"""Kinds of business that sell food or goods: their keywords, schema.org types and labels.

Eateries, home kitchens, stalls, shops and lodging are told apart by what they serve or sell;
kept apart from the trades and the care and learning kinds so each table stays readable.
"""

from __future__ import annotations

from bina.generator.kind import PET_CAT, Kind

# Kinds that serve food, sell goods or let rooms.
FOOD_AND_SHOP_KINDS: tuple[Kind, ...] = (
    Kind(
        "restaurant",
        "Restaurant",
        "Kedai Makan",
        "Restaurant",
        (
            (
                3,
                r"restoran|restaurant|kedai makan|warung|gerai(?! (?:bunga|buah|durian|sayur))|"
                r"food ?stall|food ?truck|"
                r"mamak|nasi kandar|nasi lemak|nasi campur|nasi ayam|char kue?y teow|laksa|"
                r"satay|sate|burger|bistro|eatery|medan selera|food court|tomyam|tom yam|"
                r"masakan panas|kedai mee|noodle|dim sum|steamboat|bbq|ikan bakar|"
                r"mee (?:goreng|rebus|kari|bandung)|roti canai|thosai|banana leaf|pizza|ramen|"
                r"bak ku?t teh|yau char kwai|chicken rice|wantan mee|hokkien mee|pan mee|"
                r"curry mee|economy rice|nasi kukus|nasi kerabu|nasi dagang|rojak|cendol|"
                r"ais kacang|lok lok|briyani|biryani|mandi rice|nasi mandy|western food|"
                r"ayam gepuk|ayam penyet|nasi goreng|nasi arab|nasi beriani|roti john|"
                r"murtabak|air tebu|goreng pisang|pisang goreng|keropok lekor|otak-otak|"
                r"lontong|soto|kuey teow|yong tau foo|chicken chop|lamb chop|tomyam|"
                r"masakan thai|thai food|sushi|korean food|nasi kerabu|sup tulang|"
                r"nasi ayam penyet|mee udang|ikan bakar|"
                r"(?:ayam|kambing|daging|lembu|itik) (?:golek|panggang|bakar|percik)",
            ),
            (2, r"makan|menu|hidangan|masakan|lauk|nasi|mee|makanan|food|dishes|cuisine|dine"),
        ),
        (
            (r"gerai|food ?stall|food ?truck|warung", "FoodEstablishment"),
            (r"burger|pizza|fast food", "FastFoodRestaurant"),
        ),
    ),
    Kind(
        "cafe",
        "CafeOrCoffeeShop",
        "Kafe",
        "Café",
        (
            (
                3,
                r"kafe|cafe|café|coffee ?shop|kopitiam|kedai kopi|coffee|espresso|latte|"
                r"barista|bubble tea|boba|tea house",
            ),
            (1, r"kopi|teh tarik|brunch|toast"),
        ),
    ),
    Kind(
        "bakery",
        "Bakery",
        "Bakeri",
        "Bakery",
        (
            (
                3,
                r"bakeri|bakery|bakeshop|kek|kek lapis|cakes?|cupcakes?|pastry|pastri|pastries|"
                r"roti (?:buku|sosej|bun)|bun|bread|croissants?|cookies?|biskut raya|brownies?|"
                r"tart|dessert|donut|doughnut|home ?baker",
            ),
            (1, r"roti|bake|baking|oven|birthday"),
        ),
    ),
    Kind(
        "catering",
        "FoodEstablishment",
        "Katering",
        "Catering",
        (
            (
                4,
                r"katering|catering|caterer|tempahan majlis|majlis kenduri|kenduri|buffet|"
                r"bufet|"
                r"jamuan|event food|nasi kotak|nasi box|packed meals?|"
                r"walimah|majlis perkahwinan|(?:per|se|satu) ?dulang|"
                r"(?:for|untuk|utk) \d+ (?:guests|tetamu|orang tetamu)",
            ),
            (1, r"majlis|pax|event|wedding"),
        ),
    ),
    Kind(
        "home_food",
        "FoodEstablishment",
        "Dapur Rumah",
        "Home Kitchen",
        (
            (
                4,
                r"home ?made|buatan sendiri|buatan rumah|dari rumah|home[- ]?based|"
                r"home ?kitchen|dapur rumah|home ?cook(?:ed|ing)?|masakan rumah|"
                r"frozen food|makanan sejuk beku|sejuk beku|frozen|ready to (?:eat|cook)|"
                r"kuih|kueh|kuih ?muih|kuih-muih|kuih nyonya|nyonya kuih|kueh nyonya|"
                r"karipap|curry puffs?|popia|"
                r"kuih raya|biskut raya|cookies raya|kerepek|rempeyek|serunding|"
                r"sambal (?:bilis|garing|hitam|nyet|ikan bilis)|dodol|bahulu|"
                r"tempahan (?:kuih|makanan)|food orders?|pre-?order|air tangan|masak sendiri|"
                r"tempahan lauk|meal prep|lunch ?box|bento|tiffin|bekal",
            ),
            (2, r"tempahan|order|tempah|nugget|dumplings?|sambal|rendang|lauk"),
        ),
    ),
    Kind(
        "florist",
        "Florist",
        "Kedai Bunga",
        "Florist",
        (
            (
                4,
                r"florist|flowers?|bunga|jambangan|bouquets?|kuntum|hand ?bouquet|"
                r"gubahan|floral|roses|hampers?|bunga ros",
            ),
            (2, r"hantaran"),
        ),
    ),
    Kind(
        "fruit_stall",
        "Store",
        "Gerai Buah",
        "Fruit Stall",
        (
            (
                5,
                r"durians?|musang king|duri hitam|black ?thorn|udang merah|red prawn|d24|d197|"
                r"buah-buahan|buah ?buahan|gerai buah|kedai buah|fruits? (?:stall|shop|seller)|"
                r"fresh fruits?|buah segar|dusun",
            ),
            (
                2,
                r"buah|fruits?|rambutan|manggis|mangosteen|mangga|mempelam|mangoes|mango|harumanis|"
                r"nanas|pineapples?|tembikai|watermelon|dokong|langsat|duku|cempedak|nangka|"
                r"jackfruit|ciku|jambu|betik|papaya|pisang|bananas?|kelapa muda|oren|limau",
            ),
        ),
        ((r"kedai buah|fruit shop", "GroceryStore"),),
    ),
    Kind(
        "grocery",
        "GroceryStore",
        "Kedai Runcit",
        "Grocery",
        (
            (
                5,
                r"kedai runcit|runcit|grocery|groceries|grocer|mini ?market|minimart|"
                r"pasar mini|supermarket|kedai serbaneka|convenience store|sundry shop|"
                r"provision shop|barang(?:an)? dapur|barang basah|barang kering|"
                r"kedai sayur|gerai sayur|sayur-sayuran|sayur ?sayuran|vegetables|"
                r"kedai (?:ikan|ayam|daging|beras)|butcher|fishmonger|pasar basah|wet market",
            ),
            (
                1,
                r"beras|telur|eggs|minyak masak|cooking oil|gula|sugar|tepung|flour|sayur|"
                r"susu|milk|barang",
            ),
        ),
        ((r"serbaneka|convenience", "ConvenienceStore"),),
    ),
    Kind(
        "retail",
        "Store",
        "Kedai",
        "Shop",
        (
            (
                3,
                r"butik|boutique|kedai (?:telefon|baju|kasut|hardware|perkakasan|buku|"
                r"cenderamata|barang)|hardware|tudung|hijab|pakaian|clothing|apparel|"
                r"kedai kasut|shoe (?:shop|store)|telefon bimbit|handphone|gadget|borong|"
                r"wholesale|"
                r"barangan|souvenirs?|cenderamata|kraftangan|kraf tangan|handicrafts?|"
                r"crafts|beaded|manik|"
                r"kosmetik|cosmetics|perfume|minyak wangi|online shop|kedai online|perabot|"
                r"furniture|kedai emas|gold shop|jewell?ery|barang kemas|kedai elektrik|"
                r"electrical (?:shop|store|appliances)|barangan elektrik",
            ),
            (1, r"kedai|shop|store|jual|sell|produk|products?|stok|stock|kasut|shoes"),
        ),
        (
            (
                r"butik|boutique|tudung|hijab|pakaian|clothing|apparel|kedai baju",
                "ClothingStore",
            ),
            (r"hardware|perkakasan", "HardwareStore"),
            (r"kasut|shoes", "ShoeStore"),
            (r"telefon|handphone|gadget", "MobilePhoneStore"),
            (r"buku|books?", "BookStore"),
        ),
    ),
    Kind(
        "pet_shop",
        "PetStore",
        "Kedai Haiwan",
        "Pet Shop",
        (
            (
                4,
                r"pet ?shop|kedai haiwan|pet store|haiwan peliharaan|"
                r"makanan kucing|makanan anjing|cat food|dog food|pet food|pasir kucing|"
                r"cat litter|aquarium|akuarium|ikan hiasan|sangkar|cages?|aksesori haiwan|"
                r"pet accessories|royal canin|whiskas|"
                r"kedai (?:kucing|anjing|burung|ikan hiasan)",
            ),
            # "cat" before or after what is painted is Malay for paint: "cat rumah"
            (1, rf"pets?|kucing|{PET_CAT}|anjing|dogs?|arnab|rabbits?|hamster|burung|birds?"),
        ),
    ),
    Kind(
        "bicycle_shop",
        "BikeStore",
        "Kedai Basikal",
        "Bicycle Shop",
        (
            (
                6,
                r"basikal|bicycles?|kedai basikal|bike shop|bicycle shop|cycling|"
                r"mountain bikes?|road bikes?|mtb|folding bikes?|basikal lipat|brompton|"
                r"e-?bikes?|fixie|bmx|roadbikes?|bike (?:service|repair)|servis basikal|"
                r"sewa basikal|basikal sewa|bicycle (?:rental|hire)|"
                r"bicycle repair",
            ),
            (1, r"bikes?|gear|tayar|tyres?|brek|brakes?|rantai|chain|helmet|topi keledar"),
        ),
    ),
    Kind(
        "homestay",
        "LodgingBusiness",
        "Homestay",
        "Homestay",
        (
            (
                4,
                r"homestay|home ?stay|inap ?desa|chalet|guest ?house|rumah tumpangan|"
                r"bilik sewa|room(?:s)? for rent|villa|resort|airbnb|hostel|motel|hotel|"
                r"penginapan|accommodation|check[- ]in|check[- ]out|bilik tidur|bedrooms?|"
                r"semalam|per night|malam",
            ),
        ),
        (
            (r"hotel", "Hotel"),
            (r"hostel", "Hostel"),
            (r"resort", "Resort"),
            (r"motel", "Motel"),
        ),
    ),
)
