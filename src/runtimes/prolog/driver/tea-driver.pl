/*  Runs one Prolog block the way TEA's prolog_runtime.py does, in a fresh swipl process.

    Input on stdin, one JSON object: {"code": Text, "state": [[Key, Value], ...],
    "sandbox": Bool, "marker": Text}. JSON strings arrive as atoms, as TEA passes them, so
    `Name = alice` matches the state string "alice". Output: the block's prints on stdout,
    then one line, Marker followed by the JSON reply ({"returns": [[Key, Value], ...]} or
    {"error": {...}}). The marker is random per block, so no print can pass for the reply.

    The block is read term by term (read_term/3, as TEA's tea_load_code/1):
      :- Directive       run (sandbox-checked)
      Head :- Body       added as a rule;  Head --> Body as a DCG rule
      fact(...)          added as a fact, unless it names a built-in or library predicate
      anything else      run once as a query (sandbox-checked)
    A query that fails ends the block quietly with what return/2 had set (TEA does the same).
    Blocks may call tea_load_code(Text) themselves, as TEA's do.
*/
:- module(tea_driver, [tea_main/0]).
:- use_module(library(http/json)).
:- use_module(library(apply)).
:- use_module(library(lists)).
:- use_module('tea-sandbox').
:- use_module('tea-json').

% TEA preloads these so blocks need no use_module (advanced-runtimes.md).
:- user:use_module(library(lists)).
:- user:use_module(library(apply)).
:- user:use_module(library(aggregate)).
:- user:use_module(library(clpfd)).

:- dynamic tea_user:state/2.
:- dynamic tea_user:return_value/2.
tea_user:(return(Key, Value) :- assertz(return_value(Key, Value))).

% TEA's list of predicates that a bare `name(...)` term calls instead of asserting.
action(return). action(state). action(','). action(;). action(->). action(*->).
action(>). action(<). action(>=). action(=<). action(=:=). action(=\=).
action(=). action(\=). action(==). action(\==). action(@<). action(@>). action(@=<).
action(@>=). action(\+). action(is). action(findall). action(bagof). action(setof).
action(member). action(memberchk). action(append). action(length). action(nth0).
action(nth1). action(msort). action(sort). action(reverse). action(last). action(sumlist).
action(max_list). action(min_list). action(forall). action(aggregate_all).
action(aggregate). action(call). action(once). action(succ). action(plus). action(abs).
action(sign). action(max). action(min). action(write). action(writeln). action(print).
action(format). action(atom). action(number). action(integer). action(float).
action(compound). action(is_list). action(ground). action(atom_string). action(atom_codes).
action(atom_chars).

tea_main :-
    set_stream(user_input, encoding(utf8)),
    set_stream(user_output, encoding(utf8)),
    set_stream(user_error, encoding(utf8)),
    set_stream(user_output, buffer(line)),
    json_read_dict(user_input, Request, [value_string_as(atom)]),
    get_dict(code, Request, Code),
    get_dict(state, Request, State),
    get_dict(sandbox, Request, Sandbox),
    get_dict(marker, Request, Marker),
    forall(member([Key, Value], State), assertz(tea_user:state(Key, Value))),
    thread_create(run_and_reply(Code, Sandbox, Marker), _, [detached(true)]),
    wait_for_parent.

% tea keeps our stdin open while the block runs. End-of-file means tea is gone (even by
% SIGKILL), so the block must not outlive it: halt, which also ends the block's thread.
wait_for_parent :-
    repeat,
    get_char(user_input, Char),
    Char == end_of_file,
    !,
    halt(3).

% Runs in its own thread; when done, it asks the main thread (blocked in a read) to halt.
% thread_signal/2 halts at once, where halt/1 from a thread waits about a second.
run_and_reply(Code, Sandbox, Marker) :-
    call_cleanup(run_and_reply_(Code, Sandbox, Marker), thread_signal(main, halt(0))).

run_and_reply_(Code, Sandbox, Marker) :-
    (   catch(run_block(Code, Sandbox), Error, true)
    ->  true
    ;   true
    ),
    (   catch(reply_json(Error, Json), Bad, (error_reply(Bad, BadJson), Json = _{error: BadJson}))
    ->  true
    ;   Json = _{error: _{kind: internal, message: "the reply could not be built"}}
    ),
    % The reply starts a line of its own, even after a print with no newline.
    (   line_position(user_output, 0) -> true ; nl(user_output) ),
    format(user_output, "~w", [Marker]),
    json_write_dict(user_output, Json, [width(0)]),
    nl(user_output),
    flush_output(user_output).

reply_json(Error, _{returns: Returns}) :-
    var(Error),
    !,
    findall([K, V], (tea_user:return_value(K0, V0), tea_key_text(K0, K), tea_to_json(V0, V)), Returns).
reply_json(Error, _{error: Json}) :-
    error_reply(Error, Json).

run_block(Code, Sandbox) :-
    nb_setval(tea_sandbox, Sandbox),
    setup_call_cleanup(open_string(Code, Stream), run_terms(Stream, Sandbox), close(Stream)).

% TEA's own loader is visible to blocks, and some call it on a text of facts and rules.
% Its terms get the same treatment (and sandbox checks) as the block's; an error is
% reported at the line of the block that called it.
tea_user:tea_load_code(Text) :- tea_driver:load_code(Text).

load_code(Text) :-
    nb_getval(tea_sandbox, Sandbox),
    text_to_string(Text, String),
    catch(setup_call_cleanup(open_string(String, Stream), run_terms(Stream, Sandbox), close(Stream)),
          tea_error(Error, _),
          throw(Error)).

% Fails (and so stops) at the first query that fails, as TEA's tea_load_terms/1 does.
run_terms(Stream, Sandbox) :-
    read_term(Stream, Term, [module(tea_user), term_position(Position), syntax_errors(error)]),
    (   Term == end_of_file
    ->  true
    ;   stream_position_data(line_count, Position, Line),
        catch(run_term(Term, Sandbox), Error, throw(tea_error(Error, Line))),
        run_terms(Stream, Sandbox)
    ).

run_term((:- Directive), Sandbox) :- !,
    expand(Directive, Goal),
    check(Sandbox, tea_check_directive(Goal)),
    once(tea_user:Goal).
run_term((Head :- Body), Sandbox) :- !,
    add_clause((Head :- Body), Sandbox).
run_term((Head --> Body), Sandbox) :- !,
    dcg_translate_rule((Head --> Body), Clause),
    add_clause(Clause, Sandbox).
run_term(Term, Sandbox) :-
    is_fact(Term),
    !,
    add_clause(Term, Sandbox).
run_term(Term, Sandbox) :-
    expand(Term, Goal),
    check(Sandbox, tea_check_goal(Goal)),
    once(tea_user:Goal).

% TEA's rule (a compound whose name is not an action), plus one guard of ours: a built-in
% or library predicate such as label/1 or sum_list/2 is called, not shadowed by a fact.
is_fact(Term) :-
    compound(Term),
    functor(Term, Name, _),
    atom(Name),
    \+ action(Name),
    \+ ( predicate_property(tea_user:Term, visible),
         \+ predicate_property(tea_user:Term, dynamic) ).

add_clause(Clause0, Sandbox) :-
    check(Sandbox, tea_check_clause(Clause0)),
    expand_clause(Clause0, Clause),
    assertz(tea_user:Clause).

% Expansion gives dicts' functional notation (`P.name`) its meaning in queries and rules.
expand(Goal0, Goal) :- '$set_source_module'(Old, tea_user), call_cleanup(expand_goal(Goal0, Goal), '$set_source_module'(Old)).
expand_clause(Clause0, Clause) :-
    '$set_source_module'(Old, tea_user),
    call_cleanup(expand_term(Clause0, Clause), '$set_source_module'(Old)).

% A check that fails instead of throwing still refuses: only success lets a goal run.
check(true, Check) :- !,
    (   call(Check)
    ->  true
    ;   arg(1, Check, Goal),
        throw(error(permission_error(call, sandboxed, Goal), sandbox(Goal, [])))
    ).
check(_, _).

% The reply for an error: SWI's own message text, the line in the block when known, and
% the error term itself for --verbose.
error_reply(tea_error(Error, Line), Json) :- !,
    error_reply(Error, Json0),
    (   get_dict(line, Json0, _) -> Json = Json0 ; put_dict(line, Json0, Line, Json) ).
error_reply(Error, Json) :-
    error_kind(Error, Kind),
    message_text(Error, Message),
    format(string(Term), "~q", [Error]),
    Json0 = _{kind: Kind, message: Message, term: Term},
    (   syntax_error_line(Error, Line) -> put_dict(line, Json0, Line, Json) ; Json = Json0 ).

% Classify without binding anything: an error's context is often an unbound variable.
error_kind(error(Formal, _), syntax) :- subsumes_term(syntax_error(_), Formal), !.
error_kind(error(Formal, _), sandbox) :- subsumes_term(permission_error(_, sandboxed, _), Formal), !.
error_kind(error(Formal, Context), sandbox) :-
    nonvar(Context), Context = sandbox(_, _),
    \+ subsumes_term(existence_error(_, _), Formal), !.
error_kind(error(Formal, _), resource) :- subsumes_term(resource_error(_), Formal), !.
error_kind(_, error).

syntax_error_line(error(syntax_error(_), Context), Line) :-
    nonvar(Context), Context = stream(_, Line, _, _).

% SWI's own text; a syntax error's without the stream name (a meaningless `<stream>(0x...)`).
message_text(error(Formal, _), Text) :-
    subsumes_term(syntax_error(_), Formal),
    translate(error(Formal, _), Text),
    !.
message_text(Error, Text) :-
    subsumes_term(error(_, _), Error),
    translate(Error, Text),
    !.
message_text(Error, Text) :-
    format(string(Text), "Unhandled exception: ~q", [Error]).

translate(Error, Text) :-
    catch(message_to_codes(Error, Codes), _, fail),
    string_codes(Text0, Codes),
    split_string(Text0, "", "\n ", [Text]).

message_to_codes(Error, Codes) :-
    '$messages':translate_message(Error, Lines, []),
    with_output_to(codes(Codes), print_message_lines(current_output, '', Lines)).
