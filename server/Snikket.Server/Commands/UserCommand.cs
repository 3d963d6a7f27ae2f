using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Commands;

/// <summary>
/// <c>user add|list|remove|passwd</c>: account administration for operators and tests. Works on the
/// database directly (migrating it first), so it needs no running server.
/// </summary>
internal static class UserCommand
{
    private static readonly Argument<string> Name = new("username") { Description = "The account's username (the part before @)." };

    private static readonly Argument<string[]> Names = new("usernames")
    {
        Description = "One or more usernames; all get the same password (handy for test and benchmark accounts).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input instead of prompting.",
    };

    public static Command Build()
    {
        var add = new Command("add", "Create accounts.") { Names, PasswordStdin };
        add.SetAction((parse, ct) => WithStoreAsync(parse, async (store, settings, ct) =>
        {
            var usernames = parse.GetValue(Names)!.Select(name => Prepare(name, settings)).ToList();
            var password = usernames.Contains(null) ? null : ReadPassword(parse.GetValue(PasswordStdin));
            if (password is null)
            {
                return 1;
            }

            var failed = 0;
            foreach (var username in usernames)
            {
                if (await store.CreateAsync(username!, password, settings.ScramIterations, ct))
                {
                    Console.WriteLine($"Created {username}@{settings.Domain}");
                }
                else
                {
                    await Console.Error.WriteLineAsync($"The account {username}@{settings.Domain} already exists.");
                    failed++;
                }
            }

            return failed == 0 ? 0 : 1;
        }, ct));

        var passwd = new Command("passwd", "Set an account's password.") { Name, PasswordStdin };
        passwd.SetAction((parse, ct) => WithStoreAsync(parse, async (store, settings, ct) =>
        {
            var username = Prepare(parse.GetValue(Name)!, settings);
            var password = ReadPassword(parse.GetValue(PasswordStdin));
            if (username is null || password is null)
            {
                return 1;
            }

            if (!await store.SetPasswordAsync(username, password, settings.ScramIterations, ct))
            {
                await Console.Error.WriteLineAsync($"There is no account {username}@{settings.Domain}.");
                return 1;
            }

            Console.WriteLine($"Password changed for {username}@{settings.Domain}");
            return 0;
        }, ct));

        var remove = new Command("remove", "Delete an account.") { Name };
        remove.SetAction((parse, ct) => WithStoreAsync(parse, async (store, settings, ct) =>
        {
            var username = Prepare(parse.GetValue(Name)!, settings);
            if (username is null)
            {
                return 1;
            }

            if (!await store.DeleteAsync(username, ct))
            {
                await Console.Error.WriteLineAsync($"There is no account {username}@{settings.Domain}.");
                return 1;
            }

            Console.WriteLine($"Deleted {username}@{settings.Domain}");
            return 0;
        }, ct));

        var list = new Command("list", "List accounts, one address per line.");
        list.SetAction((parse, ct) => WithStoreAsync(parse, async (store, settings, ct) =>
        {
            foreach (var username in await store.ListAsync(ct))
            {
                Console.WriteLine($"{username}@{settings.Domain}");
            }

            return 0;
        }, ct));

        return new Command("user", "Manage accounts.") { add, list, passwd, remove };
    }

    private static async Task<int> WithStoreAsync(
        ParseResult parse,
        Func<AccountStore, ServerSettings, CancellationToken, Task<int>> action,
        CancellationToken ct)
    {
        if (!SettingsLoader.TryLoad(parse.GetValue(CommandLine.Config), out var settings))
        {
            return CommandLine.ConfigError;
        }

        var services = new ServiceCollection();
        ServerHost.AddStorage(services, settings);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SnikketDb>>();
        Directory.CreateDirectory(settings.DataDirectory);
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await SchemaMigrator.MigrateAsync(db, settings.Database, NullLogger.Instance, ct);
        }

        return await action(new AccountStore(factory, TimeProvider.System), settings, ct);
    }

    private static string? Prepare(string username, ServerSettings settings)
    {
        if (Jid.TryParse($"{username}@{settings.Domain}", out var jid, out var error) && jid.Resource is null && jid.Local is not null)
        {
            return jid.Local;
        }

        Console.Error.WriteLine($"'{username}' cannot be a username: {error ?? "it must not contain @ or /"}.");
        return null;
    }

    /// <summary>Reads a password from stdin (one line) or, on a terminal, prompts twice without echo.</summary>
    private static string? ReadPassword(bool fromStdin)
    {
        string? password;
        if (fromStdin || Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = Prompt("Password: ");
            if (password != Prompt("Again: "))
            {
                Console.Error.WriteLine("The passwords differ.");
                return null;
            }
        }

        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("The password must not be empty.");
            return null;
        }

        return password;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return chars.ToString();
            }

            if (key.Key == ConsoleKey.Backspace && chars.Length > 0)
            {
                chars.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                chars.Append(key.KeyChar);
            }
        }
    }
}
