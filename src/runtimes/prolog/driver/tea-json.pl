/*  Prolog values to JSON, as TEA's janus bridge converts them (prolog_runtime.py):
    true/false/null atoms -> booleans and null, other atoms and strings -> text, numbers ->
    numbers, lists -> arrays, dicts -> objects, `-`(A, B, ...) (janus tuples) -> arrays.
    Janus shows any other compound as text; we write it quoted, e.g. `point(1,2)`.
*/
:- module(tea_json, [tea_to_json/2, tea_key_text/2]).

%!  tea_to_json(+Value, -Json) is det.
tea_to_json(V, null) :- var(V), !.
tea_to_json(true, true) :- !.
tea_to_json(false, false) :- !.
tea_to_json(null, null) :- !.
tea_to_json([], []) :- !.
tea_to_json(A, S) :- atom(A), !, atom_string(A, S).
tea_to_json(S, S) :- string(S), !.
tea_to_json(N, J) :- number(N), !, number_json(N, J).
tea_to_json(D, J) :- is_dict(D), !, dict_pairs(D, _, Pairs), pairs_json(Pairs, JPairs), dict_pairs(J, json, JPairs).
tea_to_json(L, J) :- is_list(L), !, maplist(tea_to_json, L, J).
tea_to_json(T, J) :- compound(T), compound_name_arguments(T, -, Args), Args = [_|_], !, maplist(tea_to_json, Args, J).
tea_to_json(T, S) :- format(string(S), "~q", [T]).

% JSON has no infinities or NaN: they become null, as Python's json would refuse them.
number_json(N, N) :- integer(N), !.
number_json(F, null) :- \+ F =:= F, !.
number_json(F, null) :- abs(F) =:= inf, !.
number_json(F, F).

pairs_json([], []).
pairs_json([K-V|T], [KT-J|JT]) :- tea_key_text(K, KT0), atom_string(KT, KT0), tea_to_json(V, J), pairs_json(T, JT).

%!  tea_key_text(+Key, -Text) is det.
%   The text of a state or return key: atoms, strings and numbers as written.
tea_key_text(K, T) :- string(K), !, T = K.
tea_key_text(K, T) :- atom(K), !, atom_string(K, T).
tea_key_text(K, T) :- format(string(T), "~w", [K]).
