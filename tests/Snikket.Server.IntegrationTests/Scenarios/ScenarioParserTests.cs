namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>Reading scenario scripts, and the file:line messages for scripts that cannot be read.</summary>
public sealed class ScenarioParserTests
{
    // Eight lines: actions appended to it start on line 9.
    private const string Clients =
        "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: secret\n\n" +
        "[Client] Juliet's phone\n\tjid: juliet@localhost/phone\n\tpassword: other secret\n\n";

    [Fact]
    public void The_title_and_description_come_from_the_leading_comments()
    {
        var scenario = Parse("# Ping the server\n# answered by the server\n# itself\n\n" + Clients + "Romeo connects\n");

        Assert.Equal(("Ping the server", "answered by the server\nitself"), (scenario.Title, scenario.Description));
    }

    [Fact]
    public void Without_a_title_comment_the_file_name_is_the_title()
    {
        var scenario = Parse(Clients + "Romeo connects\n");

        Assert.Equal("test", scenario.Title);
    }

    [Fact]
    public void Client_blocks_give_name_jid_password_and_resource()
    {
        var scenario = Parse(Clients + "[Client] Mercutio\n\tjid: mercutio@localhost\n\tpassword: p\n\tresource: street\n\nRomeo connects\n");

        Assert.Equal(
            [("Romeo", "romeo@localhost", "secret", null), ("Juliet's phone", "juliet@localhost", "other secret", "phone"), ("Mercutio", "mercutio@localhost", "p", "street")],
            scenario.Clients.Select(c => (c.Name, c.BareJid, c.Password, c.Resource)));
    }

    [Fact]
    public void Actions_become_steps_in_order_with_their_lines()
    {
        var scenario = Parse(Clients + """
            Romeo connects
            Juliet's phone connects
            Romeo sends:
            	<message to="${Juliet's phone's full JID}"/>
            Juliet's phone receives:
            	<message from="${Romeo's full JID}"/>
            Romeo receives: nothing
            Romeo disconnects
            """);

        Assert.Equal(
            [
                (ScenarioStepKind.Connect, "Romeo", 9),
                (ScenarioStepKind.Connect, "Juliet's phone", 10),
                (ScenarioStepKind.Send, "Romeo", 11),
                (ScenarioStepKind.Receive, "Juliet's phone", 13),
                (ScenarioStepKind.ReceiveNothing, "Romeo", 15),
                (ScenarioStepKind.Disconnect, "Romeo", 16),
            ],
            scenario.Steps.Select(s => (s.Kind, s.Client, s.Line)));
    }

    [Fact]
    public void A_block_holds_every_indented_line_with_blank_lines_inside_it()
    {
        var scenario = Parse(Clients + "Romeo connects\nRomeo sends:\n\t<presence/>\n\n\t<message>\n\t\t<body>hi</body>\n\t</message>\n\n# next\nRomeo disconnects\n");

        var send = scenario.Steps[1];
        Assert.Equal((11, 2), (send.XmlLine, ScenarioXml.Parse(send.Xml).Count));
        Assert.Equal(ScenarioStepKind.Disconnect, scenario.Steps[2].Kind);
    }

    [Fact]
    public void Comments_separators_and_blank_lines_are_ignored()
    {
        var scenario = Parse("# T\n\n" + Clients + "-----\n# Act 1\n\n   \nRomeo connects\n# The end\n");

        Assert.Single(scenario.Steps);
    }

    [Fact]
    public void A_capture_from_an_earlier_receive_can_be_used_later()
    {
        var scenario = Parse(Clients + "Romeo connects\nRomeo receives:\n\t<iq id='{scansion:capture:ver}'/>\nRomeo sends:\n\t<iq id='${ver}'/>\n");

        Assert.Equal(3, scenario.Steps.Count);
    }

    [Theory]
    [InlineData("Tybalt connects\n", 9, "unknown client \"Tybalt\" (declared: Romeo, Juliet's phone)")]
    [InlineData("Romeo dances\n", 9, "cannot read \"Romeo dances\"")]
    [InlineData("Romeo sends:\nRomeo connects\n", 9, "\"Romeo sends:\" must be followed by indented XML")]
    [InlineData("Romeo sends:\n\t<message>\n\t\t<body>hi</bod>\n\t</message>\n", 11, "the XML is not well-formed")]
    [InlineData("Romeo sends:\n\thello\n", 10, "the XML is not well-formed: text outside a stanza: \"hello\"")]
    [InlineData("Romeo receives:\n\t<iq to='${Tybalt's full JID}'/>\n", 10, "${Tybalt's full JID} names no declared client \"Tybalt\"")]
    [InlineData("Romeo sends:\n\t<iq/>\n\t<iq id='${ver}'/>\n", 11, "unknown variable ${ver}")]
    [InlineData("Romeo sends:\n\t<iq id='{scansion:capture:v}'/>\nRomeo sends:\n\t<iq id='${v}'/>\n", 12, "unknown variable ${v}")]
    [InlineData("Romeo connects\n[Client] Tybalt\n\tjid: t@localhost\n\tpassword: p\n", 10, "declare every [Client] before the first action")]
    [InlineData("\tRomeo connects\n", 9, "indented line outside a [Client] block or an XML block")]
    [InlineData("", 9, "the script has no actions")]
    public void A_malformed_script_is_reported_with_file_and_line(string actions, int line, string message)
    {
        var error = Assert.Throws<ScenarioParseException>(() => Parse(Clients + actions));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"Modules/test.scs:{line}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Client] Romeo\n\tjid: romeo@localhost\n", "[Client] Romeo needs both jid: and password:")]
    [InlineData("[Client] Romeo\n\tjid: localhost\n\tpassword: p\n", "[Client] Romeo: jid \"localhost\" is not user@domain[/resource]")]
    [InlineData("[Client] Romeo\n\tjid: r@localhost\n\tpassword: p\n\tcolour: red\n", "unknown key \"colour\" for [Client] Romeo")]
    [InlineData("[Client] Romeo\n\tjid: r@localhost\n\tjid: s@localhost\n\tpassword: p\n", "\"jid\" is given twice")]
    [InlineData("[Client] Romeo\n\tjid: r@localhost\n\tpassword: p\n[Client] Romeo\n\tjid: s@localhost\n\tpassword: p\n", "client \"Romeo\" is declared twice")]
    [InlineData("[Server] localhost\n", "unknown block \"[Server] localhost\"")]
    [InlineData("[Client]\n", "[Client] needs a name")]
    public void A_malformed_client_block_is_reported(string block, string message)
    {
        var error = Assert.Throws<ScenarioParseException>(() => Parse(block + "\nRomeo connects\n"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substituted_values_are_escaped_for_xml()
    {
        var xml = ScenarioXml.Substitute("<iq to='${x}'/>", _ => "a'b&c@localhost");

        Assert.Equal("a'b&c@localhost", Assert.Single(ScenarioXml.Parse(xml)).GetAttribute("to"));
    }

    private static Scenario Parse(string text) => ScenarioParser.Parse("Modules/test.scs", text);
}
