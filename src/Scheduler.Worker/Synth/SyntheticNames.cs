namespace Scheduler.Worker.Synth;

/// <summary>Word lists for synthetic names and addresses: plainly fictional, British in flavour.</summary>
internal static class SyntheticNames
{
    public static readonly string[] Given =
        ["Aisha", "Alan", "Amelia", "Andrzej", "Bethan", "Bola", "Carol", "Chen", "Colin", "Darius", "Deborah", "Eilidh",
         "Fatima", "Gareth", "Grace", "Hamza", "Ifeoma", "Jack", "Joan", "Kasia", "Kwame", "Leanne", "Liam", "Maryam",
         "Megan", "Mohammed", "Niamh", "Oliver", "Olu", "Priya", "Rhys", "Ruth", "Sandeep", "Siobhan", "Tom", "Wiktoria", "Yusuf", "Zofia"];

    public static readonly string[] Family =
        ["Abbott", "Adeyemi", "Begum", "Brackley", "Campbell", "Chowdhury", "Davies", "Evans", "Fairbairn", "Green", "Hughes",
         "Iqbal", "Jones", "Kaur", "Kowalski", "Lewis", "McAllister", "Mensah", "Nowak", "O'Brien", "Okafor", "Patel",
         "Quinn", "Roberts", "Shah", "Smith", "Thomas", "Walker", "Williams", "Wiśniewski", "Wright", "Zielińska"];

    public static readonly string[] Streets =
        ["Ash", "Beech", "Bramble", "Brindley", "Canal", "Chapel", "Coronation", "Elm", "Foundry", "Furnace", "Hawthorn",
         "Heath", "Holly", "Kiln", "Larch", "Lime", "Mill", "Orchard", "Pottery", "Queensway", "Rowan", "Station", "Willow", "Wharf"];

    public static readonly string[] StreetKinds = ["Road", "Street", "Lane", "Close", "Way", "Crescent", "Avenue", "Court"];

    public static readonly string[] Towns =
        ["Hallowby", "Brackendale", "Sedgecombe", "Riverside", "Ashworth", "Kilnsey", "Marlowe", "Thornbury", "Wexcombe", "Ebbfield"];

    public static readonly string[] BlockKinds = ["House", "Court", "Tower", "Lodge", "Mansions"];
}
