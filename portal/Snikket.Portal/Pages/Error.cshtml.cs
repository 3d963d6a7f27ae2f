using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Snikket.Portal.Pages;

/// <summary>Error pages (re-executed for empty 4xx/5xx answers), keeping the status code.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<Strings> t) : PageModel
{
    public string Title { get; private set; } = "";

    public string Text { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        (Title, Text) = code switch
        {
            404 => (t["Error.NotFound.Title"], t["Error.NotFound.Text"]),
            400 => (t["Error.BadRequest.Title"], t["Error.BadRequest.Text"]),
            403 => (t["Error.Forbidden.Title"], t["Error.Forbidden.Text"]),
            413 => (t["Error.TooLarge.Title"], t["Error.TooLarge.Text"]),
            _ => (t["Error.Other.Title"], t["Error.Other.Text"]),
        };
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>();
        Response.StatusCode = original is null && code is >= 400 and < 600 ? code : Response.StatusCode;
        return Page();
    }
}
