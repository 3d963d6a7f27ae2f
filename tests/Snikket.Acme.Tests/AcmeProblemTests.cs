using System.Text.Json;

namespace Snikket.Acme.Tests;

public sealed class AcmeProblemTests
{
    [Fact]
    public void A_problem_with_subproblems_names_each_identifier()
    {
        var problem = JsonSerializer.Deserialize<AcmeProblem>("""
            {"type": "urn:ietf:params:acme:error:malformed", "detail": "Some identifiers were rejected", "status": 400,
             "subproblems": [{"type": "urn:ietf:params:acme:error:rejectedIdentifier", "detail": "not allowed",
                              "identifier": {"type": "dns", "value": "groups.example.com"}}]}
            """)!;

        Assert.Equal("malformed: Some identifiers were rejected (rejectedIdentifier for groups.example.com: not allowed)", problem.ToString());
    }

    [Fact]
    public void A_problem_type_outside_the_ACME_namespace_is_kept_whole()
    {
        var problem = new AcmeProblem { Type = "about:blank", Detail = "x" };

        Assert.Equal("about:blank", problem.ShortType);
    }
}
