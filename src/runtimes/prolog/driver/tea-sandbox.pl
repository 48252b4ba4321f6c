/*  Which goals a Prolog block may run. Used by tea-driver.pl.

    TEA's docs promise a sandbox with no file, shell or network access; TEA itself loads
    library(sandbox) but never checks a goal with it. We do check: every query and
    directive must pass safe_goal/1 (the checker SWISH and Pengines rely on) before it
    runs. User code lives in module tea_user, so it cannot add clauses to hooks in `user`
    (portray/1, exception/3, file_search_path/2) that system code would run unchecked.
*/
:- module(tea_sandbox, [tea_check_goal/1, tea_check_directive/1, tea_check_clause/1]).
:- use_module(library(sandbox)).

% Console output is what `print`/`format` blocks are for; library(sandbox) leaves it to
% Pengines' own I/O layer, so we declare it safe ourselves. Output to a named stream is
% allowed for user_output and user_error only.
:- multifile sandbox:safe_primitive/1.
sandbox:safe_primitive(system:write(_)).
sandbox:safe_primitive(system:print(_)).
sandbox:safe_primitive(system:writeq(_)).
sandbox:safe_primitive(system:write_canonical(_)).
sandbox:safe_primitive(system:nl).
sandbox:safe_primitive(system:tab(_)).
sandbox:safe_primitive(system:put_char(_)).
sandbox:safe_primitive(system:flush_output).
sandbox:safe_primitive(system:nl(S)) :- console_stream(S).
sandbox:safe_primitive(system:write(S, _)) :- console_stream(S).
sandbox:safe_primitive(system:writeln(S, _)) :- console_stream(S).
sandbox:safe_primitive(system:print(S, _)) :- console_stream(S).
sandbox:safe_primitive(system:writeq(S, _)) :- console_stream(S).
sandbox:safe_primitive(system:tab(S, _)) :- console_stream(S).
sandbox:safe_primitive(system:flush_output(S)) :- console_stream(S).

% A predicate the block has not defined yet is safe to call: TEA blocks often assertz
% facts and query them in one go. A query can add facts but never rules (library(sandbox)
% refuses to assert a rule), so whatever such a predicate holds by then has no body.
% `visible` also covers autoloadable library predicates, which must still be checked.
% (A safe_meta/2 hook that calls nothing: a safe_primitive/1 clause with a variable goal
% would fail library(sandbox)'s check of its own declarations.)
:- multifile sandbox:safe_meta/2.
sandbox:safe_meta(tea_user:Goal, []) :-
    \+ predicate_property(tea_user:Goal, visible).

% tea_load_code/1 checks each term it runs itself (tea-driver.pl).
sandbox:safe_meta(tea_user:tea_load_code(_), []).

% format/3 to the console, with format/2's check of `~@` arguments.
sandbox:safe_meta(system:format(S, Format, Args), Calls) :-
    console_stream(S),
    sandbox:format_calls(Format, Args, Calls).

console_stream(S) :- S == user_output.
console_stream(S) :- S == user_error.

%!  tea_check_goal(+Goal) is det.
%   Throws the sandbox's error unless Goal (run in tea_user) is provably safe.
tea_check_goal(Goal) :-
    safe_goal(tea_user:Goal).

%!  tea_check_directive(+Directive) is det.
%   Declarations on local predicates and loading libraries are fine; anything else is a goal.
tea_check_directive(Directive) :-
    declaration(Directive, Preds),
    !,
    local_predicates(Preds).
tea_check_directive(Directive) :-
    library_load(Directive),
    !.
tea_check_directive(Directive) :-
    tea_check_goal(Directive).

declaration(dynamic(P), P).
declaration(discontiguous(P), P).
declaration(table(P), P).

library_load(use_module(Spec)) :- library_spec(Spec).
library_load(use_module(Spec, _)) :- library_spec(Spec).
library_load(ensure_loaded(Spec)) :- library_spec(Spec).

library_spec(Spec) :- nonvar(Spec), Spec = library(Name), ground(Name).

local_predicates(Var) :- var(Var), !, instantiation_error(Var).
local_predicates((A, B)) :- !, local_predicates(A), local_predicates(B).
local_predicates([H|T]) :- !, local_predicates(H), local_predicates(T).
local_predicates([]) :- !.
local_predicates(_:_) :- !, permission_error(declare, sandboxed, 'a predicate in another module').
local_predicates(_).

%!  tea_check_clause(+Clause) is det.
%   A fact or rule of the block goes to tea_user only; expansion hooks are refused because
%   expand_goal/2 would run their bodies before any check.
tea_check_clause((Head :- _)) :- !, check_head(Head).
tea_check_clause(Head) :- check_head(Head).

check_head(Head) :- var(Head), !, instantiation_error(Head).
check_head(_:_) :- !, permission_error(modify, sandboxed, 'a clause in another module').
check_head(Head) :-
    functor(Head, Name, Arity),
    expansion_hook(Name, Arity),
    !,
    permission_error(modify, sandboxed, Name/Arity).
check_head(_).

expansion_hook(term_expansion, 2).
expansion_hook(term_expansion, 4).
expansion_hook(goal_expansion, 2).
expansion_hook(goal_expansion, 4).
