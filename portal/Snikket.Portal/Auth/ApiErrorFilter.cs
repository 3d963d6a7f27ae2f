using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Snikket.AdminApi;

namespace Snikket.Portal.Auth;

/// <summary>
/// Turns API failures that no page handles itself into what a person expects: an expired or
/// revoked token ends the session and asks for the login again; a refused action shows the
/// forbidden page; a missing thing, the not-found page.
/// </summary>
internal sealed class ApiErrorFilter : IAsyncExceptionFilter
{
    public async Task OnExceptionAsync(ExceptionContext context)
    {
        if (context.Exception is not ApiException api)
        {
            return;
        }

        var http = context.HttpContext;
        switch (api.Status)
        {
            case HttpStatusCode.Unauthorized:
                await PortalUser.SignOutAsync(http);
                var back = http.Request.Path + http.Request.QueryString;
                context.Result = new RedirectResult("/login?returnUrl=" + Uri.EscapeDataString(back));
                context.ExceptionHandled = true;
                break;
            case HttpStatusCode.Forbidden:
                context.Result = new RedirectResult("/forbidden");
                context.ExceptionHandled = true;
                break;
            case HttpStatusCode.NotFound:
                context.Result = new NotFoundResult();
                context.ExceptionHandled = true;
                break;
        }
    }
}
