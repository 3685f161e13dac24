# Code that names tokens and secrets without holding any (shapes seen in Jinja2's lexer and
# gyp): assignments from subscripts must not read as passwords.
def tokeniter(self, stack):
    statetokens = self.rules[stack[-1]]
    for token in statetokens:
        token_value = tokens[1]
        secret_index = keys[2]
        yield token_value
